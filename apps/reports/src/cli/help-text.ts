import type { Report } from '../report';

/** `--help`: what each report is, every option, the environment and the exit codes. */
export function helpText(reports: readonly Pick<Report, 'name' | 'summary'>[]): string {
  const width = Math.max(...reports.map((r) => r.name.length));
  return `Báo cáo phát lại sự kiện từ EventStoreDB (Công an lắng nghe ý kiến Nhân dân)

Cách dùng:
  npm run report -- <báo cáo> [tuỳ chọn]
  node dist/apps/reports/src/main.js <báo cáo> [tuỳ chọn]

Báo cáo:
${reports.map((r) => `  ${r.name.padEnd(width)}  ${r.summary}`).join('\n')}

Tuỳ chọn:
  --from YYYY-MM-DD     từ ngày (giờ Việt Nam, tính cả ngày này)
  --to YYYY-MM-DD       đến ngày (tính cả ngày này)
  --as-of YYYY-MM-DD    chỉ phát lại sự kiện được ghi nhận đến hết ngày này; là mốc tính quá hạn
  --now YYYY-MM-DD      mốc tính quá hạn khi không có --as-of (mặc định: hôm nay)
  --unit MÃ             chỉ đơn vị này và các đơn vị trực thuộc (mã trong danh mục)
  --period month|quarter  kỳ của báo cáo trends (mặc định: month)
  --format csv|json|xlsx  định dạng (mặc định: theo đuôi --out, nếu không thì csv)
  --out, -o TỆP         ghi ra tệp (ghi tệp tạm rồi đổi tên); mặc định: stdout
  --no-progress         không hiện thanh tiến độ
  -h, --help            hướng dẫn này

Môi trường:
  EVENTSTORE_URL        esdb://… (bắt buộc; production: người dùng chỉ đọc, ví dụ
                        esdb://reports:***@kurrentdb:2113?tls=true). Khi chạy tại máy:
                        npm run eventstore, rồi EVENTSTORE_URL=esdb://127.0.0.1:2113?tls=false
  MONGO_URL, MONGO_DB   chỉ cho verify: mô hình đọc cần so sánh
  DIRECTORY_FILE, CALENDAR_FILE  danh mục đơn vị và lịch ngày nghỉ (mặc định: dữ liệu có sẵn)

Mã thoát:
  0 thành công · 1 verify thấy sai lệch · 2 sai cú pháp hoặc cấu hình · 3 không kết nối được
  EventStoreDB · 4 không kết nối được MongoDB · 70 lỗi khác · 130 bị dừng (Ctrl-C)
`;
}
