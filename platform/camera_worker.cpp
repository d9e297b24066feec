#include "platform/camera_worker.hpp"

#include <chrono>
#include <sys/prctl.h>

#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include "core/repeat_filter.hpp"
#include "platform/qr_scanner.hpp"

namespace chillnode {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::int64_t steadyMs(SteadyClock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

// Payloads queue up only while the UI thread is slow; a bounded queue keeps a stuck UI from
// growing memory.
constexpr std::size_t MaxQueuedPayloads = 16;

}  // namespace

CameraWorker::CameraWorker(CameraSettings settings, std::int64_t holdOffMs)
    : m_settings(std::move(settings)), m_holdOffMs(holdOffMs) {}

CameraWorker::~CameraWorker() {
  stop();
}

void CameraWorker::start() {
  m_stop = false;
  m_thread = std::thread([this] { run(); });
}

void CameraWorker::stop() {
  m_stop = true;
  if (m_thread.joinable()) m_thread.join();
}

std::vector<ScannedPayload> CameraWorker::takePayloads() {
  std::lock_guard lock(m_mutex);
  std::vector<ScannedPayload> taken(m_payloads.begin(), m_payloads.end());
  m_payloads.clear();
  return taken;
}

bool CameraWorker::takePreview(PreviewFrame& out) {
  std::lock_guard lock(m_mutex);
  if (m_preview.sequence == out.sequence || m_preview.rgb.empty()) return false;
  m_preview.rgb.copyTo(out.rgb);
  out.sequence = m_preview.sequence;
  return true;
}

CameraStatus CameraWorker::status() {
  std::lock_guard lock(m_mutex);
  return m_status;
}

void CameraWorker::run() {
  prctl(PR_SET_NAME, "camera", 0, 0, 0);
  std::unique_ptr<FrameSource> source = makeFrameSource(m_settings);
  QrScanner scanner;
  RepeatFilter repeats(m_holdOffMs);
  bool connected = false;
  SteadyClock::time_point nextOpen = SteadyClock::now();
  SteadyClock::time_point nextIdleScan = SteadyClock::now();
  cv::Mat frame;
  cv::Mat small;

  while (!m_stop) {
    // Open or reopen the camera, at most every ReopenIntervalMs.
    if (!connected) {
      if (SteadyClock::now() < nextOpen) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      connected = source->open();
      nextOpen = SteadyClock::now() + std::chrono::milliseconds(ReopenIntervalMs);
      std::lock_guard lock(m_mutex);
      if (connected != m_status.connected || (!connected && m_status.error != source->error())) {
        if (connected) spdlog::info("camera connected: {}", m_settings.source);
        else spdlog::warn("{}; retrying every {} s", source->error(), ReopenIntervalMs / 1000);
      }
      m_status.connected = connected;
      m_status.error = connected ? std::string() : source->error();
      continue;
    }

    // Read a frame; a failure marks the camera lost and the loop reopens it.
    if (!source->read(frame)) {
      spdlog::warn("{}", source->error());
      source->close();
      connected = false;
      std::lock_guard lock(m_mutex);
      m_status.connected = false;
      m_status.error = source->error();
      continue;
    }
    {
      std::lock_guard lock(m_mutex);
      ++m_status.frames;
    }
    SteadyClock::time_point now = SteadyClock::now();
    bool preview = m_previewWanted;
    if (!preview && now < nextIdleScan) continue;
    nextIdleScan = now + std::chrono::milliseconds(IdleScanIntervalMs);

    // Decode, then publish the payload and the preview.
    std::optional<QrDecode> decoded = scanner.scanFrame(frame, now);
    if (preview) {
      double scale = static_cast<double>(PreviewWidth) / std::max(frame.cols, 1);
      cv::resize(frame, small, cv::Size(), scale, scale, cv::INTER_AREA);
    }
    bool queued = false;
    {
      std::lock_guard lock(m_mutex);
      if (decoded && repeats.accept(decoded->text, steadyMs(now)) && m_payloads.size() < MaxQueuedPayloads) {
        m_payloads.push_back({decoded->text, steadyMs(now)});
        spdlog::debug("camera: code decoded by {} in {} ms", decoded->decoder,
                      steadyMs(SteadyClock::now()) - steadyMs(now));
        queued = true;
      }
      if (preview) {
        cv::cvtColor(small, m_preview.rgb, cv::COLOR_BGR2RGB);
        ++m_preview.sequence;
      }
    }
    if (queued && m_onPayload) m_onPayload();
  }
  source->close();
}

}  // namespace chillnode
