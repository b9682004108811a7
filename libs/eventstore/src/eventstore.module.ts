import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStore } from './event-store';

export const EVENTSTORE_CONNECTION = Symbol('EVENTSTORE_CONNECTION');

@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EventStoreDBClient) private readonly client: EventStoreDBClient) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.dispose();
  }
}

/** Provides `EventStoreDBClient` and `EventStore` connected to a validated connection string. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(connectionString: string): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENTSTORE_CONNECTION, useValue: connectionString },
        { provide: EventStoreDBClient, useFactory: () => EventStoreDBClient.connectionString(connectionString) },
        { provide: EventStore, useFactory: (client: EventStoreDBClient) => new EventStore(client), inject: [EventStoreDBClient] },
        EventStoreCloser,
      ],
      exports: [EventStoreDBClient, EventStore, EVENTSTORE_CONNECTION],
    };
  }
}
