#pragma once
// The camera thread: grabs frames, decodes QR codes and hands payloads and a preview image
// to the UI thread. A slow decode or a vanished camera never stalls the UI.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "platform/frame_source.hpp"

namespace chillnode {

struct CameraStatus {
  bool connected = false;
  std::string error;          // why the camera is not connected, empty when it is
  std::uint64_t frames = 0;   // frames read since start
};

struct ScannedPayload {
  std::string text;
  std::int64_t frameAtMs = 0;  // steady-clock ms when the frame holding it was read
};

// Preview frame in RGB, at most PreviewWidth wide, with a counter that changes per frame.
struct PreviewFrame {
  cv::Mat rgb;
  std::uint64_t sequence = 0;
};

class CameraWorker {
public:
  static constexpr int PreviewWidth = 640;
  static constexpr int ReopenIntervalMs = 3000;

  CameraWorker(CameraSettings settings, std::int64_t holdOffMs);
  ~CameraWorker();
  CameraWorker(const CameraWorker&) = delete;
  CameraWorker& operator=(const CameraWorker&) = delete;

  void start();
  void stop();

  // Returns and clears the payloads decoded since the last call. UI thread.
  std::vector<ScannedPayload> takePayloads();
  // Copies the newest preview into out when it is newer than out.sequence; returns whether
  // it did. UI thread.
  bool takePreview(PreviewFrame& out);
  CameraStatus status();

  // Called on the camera thread after a payload is queued, so the UI thread can wake up.
  // Set before start().
  void setPayloadCallback(std::function<void()> callback) { m_onPayload = std::move(callback); }

  // While no one is looking at the preview (the attract screen), the worker decodes at most
  // one frame every IdleScanIntervalMs (four a second) and makes no preview, to keep an idle
  // unit cool.
  // A bib held up is still read within that interval.
  void setPreviewWanted(bool wanted) { m_previewWanted = wanted; }
  static constexpr int IdleScanIntervalMs = 250;

private:
  void run();

  CameraSettings m_settings;
  std::int64_t m_holdOffMs;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_previewWanted{true};
  std::thread m_thread;
  std::function<void()> m_onPayload;

  std::mutex m_mutex;  // guards everything below
  std::deque<ScannedPayload> m_payloads;
  PreviewFrame m_preview;
  CameraStatus m_status;
};

}  // namespace chillnode
