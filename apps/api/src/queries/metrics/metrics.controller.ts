import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ReadSideMetrics } from './read-side.metrics';

/** Prometheus text format. Public (scrapers carry no token); exposes no personal data. */
@ApiTags('Vận hành (operations)')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(ReadSideMetrics) private readonly metrics: ReadSideMetrics) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Chỉ số Prometheus (độ trễ mô hình đọc, vị trí checkpoint, tiến trình)' })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
