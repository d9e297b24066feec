#pragma once
// Camera frame sources behind one interface: a V4L2 device, a GStreamer pipeline (the
// Raspberry Pi camera through libcamerasrc), a video file or a folder of images.

#include <memory>
#include <string>

#include <opencv2/core.hpp>

namespace chillnode {

enum class CameraKind { V4L2, GStreamer, File, Folder };

struct CameraSettings {
  CameraKind kind = CameraKind::V4L2;
  std::string source = "/dev/video0";  // device, pipeline, file or folder path
  int width = 1280;
  int height = 720;
  bool loop = true;          // restart a file or folder at its end
  int folderFrameMs = 1000;  // how long each image of a folder stays in front of the camera
};

// Parses "v4l2", "gstreamer", "file" or "folder"; returns false for anything else.
bool parseCameraKind(const std::string& text, CameraKind& kind);

class FrameSource {
public:
  virtual ~FrameSource() = default;
  // Opens or reopens the source; on failure returns false and sets error().
  virtual bool open() = 0;
  // Blocks until the next frame is due and reads it (BGR). Returns false when the source
  // failed or ended; then it must be opened again.
  virtual bool read(cv::Mat& frame) = 0;
  virtual void close() = 0;
  const std::string& error() const { return m_error; }

protected:
  std::string m_error;
};

std::unique_ptr<FrameSource> makeFrameSource(const CameraSettings& settings);

}  // namespace chillnode
