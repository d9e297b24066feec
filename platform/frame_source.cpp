#include "platform/frame_source.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>
#include <opencv2/videoio.hpp>

namespace chillnode {

namespace {

using Clock = std::chrono::steady_clock;

// Device or GStreamer capture. Frames come at the camera's own rate, so read() just blocks.
class CaptureSource : public FrameSource {
public:
  explicit CaptureSource(CameraSettings settings) : m_settings(std::move(settings)) {}

  bool open() override {
    close();
    bool opened = false;
    if (m_settings.kind == CameraKind::GStreamer) {
      opened = m_capture.open(m_settings.source, cv::CAP_GSTREAMER);
    } else {
      opened = m_capture.open(m_settings.source, cv::CAP_V4L2);
      if (opened) {
        m_capture.set(cv::CAP_PROP_FRAME_WIDTH, m_settings.width);
        m_capture.set(cv::CAP_PROP_FRAME_HEIGHT, m_settings.height);
      }
    }
    if (!opened) m_error = "cannot open camera " + m_settings.source;
    return opened;
  }

  bool read(cv::Mat& frame) override {
    if (m_capture.read(frame) && !frame.empty()) return true;
    m_error = "camera " + m_settings.source + " stopped delivering frames";
    return false;
  }

  void close() override { m_capture.release(); }

private:
  CameraSettings m_settings;
  cv::VideoCapture m_capture;
};

// A video file played at its own frame rate, as if a camera were filming it.
class VideoFileSource : public FrameSource {
public:
  explicit VideoFileSource(CameraSettings settings) : m_settings(std::move(settings)) {}

  bool open() override {
    close();
    if (!std::filesystem::is_regular_file(m_settings.source)) {
      m_error = "camera video file " + m_settings.source + " not found";
      return false;
    }
    if (!m_capture.open(m_settings.source, cv::CAP_FFMPEG)) {
      m_error = "cannot decode camera video file " + m_settings.source;
      return false;
    }
    double fps = m_capture.get(cv::CAP_PROP_FPS);
    m_framePeriod = std::chrono::microseconds(static_cast<long>(1e6 / (fps > 1 && fps < 240 ? fps : 30)));
    m_nextDue = Clock::now();
    return true;
  }

  bool read(cv::Mat& frame) override {
    std::this_thread::sleep_until(m_nextDue);
    m_nextDue = std::max(m_nextDue + m_framePeriod, Clock::now() - m_framePeriod);
    if (m_capture.read(frame) && !frame.empty()) return true;
    if (m_settings.loop && m_capture.set(cv::CAP_PROP_POS_FRAMES, 0) && m_capture.read(frame)) return true;
    m_error = "camera video file " + m_settings.source + " ended";
    return false;
  }

  void close() override { m_capture.release(); }

private:
  CameraSettings m_settings;
  cv::VideoCapture m_capture;
  Clock::duration m_framePeriod{};
  Clock::time_point m_nextDue{};
};

// A folder of images, each held in front of the camera for folderFrameMs, in name order.
class ImageFolderSource : public FrameSource {
public:
  explicit ImageFolderSource(CameraSettings settings) : m_settings(std::move(settings)) {}

  bool open() override {
    m_files.clear();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(m_settings.source, ec)) {
      std::string ext = entry.path().extension().string();
      if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp") m_files.push_back(entry.path());
    }
    if (ec || m_files.empty()) {
      m_error = "camera image folder " + m_settings.source + " is missing or holds no PNG, JPEG or BMP images";
      return false;
    }
    std::sort(m_files.begin(), m_files.end());
    m_index = 0;
    m_nextDue = Clock::now();
    return true;
  }

  bool read(cv::Mat& frame) override {
    // Deliver the current image at about 15 frames a second, as a camera would.
    std::this_thread::sleep_for(std::chrono::milliseconds(66));
    if (Clock::now() >= m_nextDue) {
      if (m_index >= m_files.size()) {
        if (!m_settings.loop) {
          m_error = "camera image folder " + m_settings.source + " ended";
          return false;
        }
        m_index = 0;
      }
      m_current = loadImage(m_files[m_index++]);
      m_nextDue = Clock::now() + std::chrono::milliseconds(m_settings.folderFrameMs);
    }
    if (m_current.empty()) {
      // A bad file is skipped, as a camera would skip a bad frame; the next one follows.
      m_nextDue = Clock::now();
      if (++m_badInARow >= m_files.size()) {
        m_error = "camera image folder " + m_settings.source + " holds no readable image";
        return false;
      }
      return read(frame);
    }
    m_badInARow = 0;
    frame = m_current.clone();
    return true;
  }

  void close() override { m_current.release(); }

private:
  // Reads one image, shrunk to fit the configured camera size: a camera never delivers
  // more, and an 8000x8000 image would cost the scanner seconds and hundreds of MB.
  cv::Mat loadImage(const std::filesystem::path& file) const {
    cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
    if (image.empty()) {
      spdlog::warn("camera image {} cannot be read; skipping it", file.string());
      return image;
    }
    double scale = std::min(static_cast<double>(m_settings.width) / image.cols,
                            static_cast<double>(m_settings.height) / image.rows);
    if (scale < 1.0) cv::resize(image, image, cv::Size(), scale, scale, cv::INTER_AREA);
    return image;
  }

  CameraSettings m_settings;
  std::size_t m_badInARow = 0;
  std::vector<std::filesystem::path> m_files;
  std::size_t m_index = 0;
  cv::Mat m_current;
  Clock::time_point m_nextDue{};
};

}  // namespace

bool parseCameraKind(const std::string& text, CameraKind& kind) {
  if (text == "v4l2") kind = CameraKind::V4L2;
  else if (text == "gstreamer") kind = CameraKind::GStreamer;
  else if (text == "file") kind = CameraKind::File;
  else if (text == "folder") kind = CameraKind::Folder;
  else return false;
  return true;
}

std::unique_ptr<FrameSource> makeFrameSource(const CameraSettings& settings) {
  switch (settings.kind) {
    case CameraKind::File: return std::make_unique<VideoFileSource>(settings);
    case CameraKind::Folder: return std::make_unique<ImageFolderSource>(settings);
    case CameraKind::V4L2:
    case CameraKind::GStreamer: break;
  }
  return std::make_unique<CaptureSource>(settings);
}

}  // namespace chillnode
