import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { AppendThread } from './append-thread';
import { EventStore } from './event-store';

export const EVENTSTORE_CONNECTION = Symbol('EVENTSTORE_CONNECTION');

@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EventStoreDBClient) private readonly client: EventStoreDBClient,
    @Inject(AppendThread) private readonly thread: AppendThread | null,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.thread?.close();
    await this.client.dispose();
  }
}

export interface EventStoreModuleOptions {
  /** Append through an `AppendThread` (its own client on another core) instead of the shared client. */
  appendThread?: boolean;
}

/** Provides `EventStoreDBClient` and `EventStore` connected to a validated connection string. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(connectionString: string, options: EventStoreModuleOptions = {}): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENTSTORE_CONNECTION, useValue: connectionString },
        { provide: EventStoreDBClient, useFactory: () => EventStoreDBClient.connectionString(connectionString) },
        { provide: AppendThread, useFactory: () => (options.appendThread ? new AppendThread(connectionString) : null) },
        {
          provide: EventStore,
          useFactory: (client: EventStoreDBClient, thread: AppendThread | null) => new EventStore(client, thread ?? undefined),
          inject: [EventStoreDBClient, AppendThread],
        },
        EventStoreCloser,
      ],
      exports: [EventStoreDBClient, EventStore, EVENTSTORE_CONNECTION],
    };
  }
}
