#pragma once
// The speech thread: turns text into samples with libespeak-ng, converted to the mixer's
// format, so the UI thread only has to hand a finished buffer to SDL_mixer.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace chillnode {

// Sample format of an open audio device, as Mix_QuerySpec reports it.
struct MixerFormat {
  int rate = 0;               // samples per second per channel
  std::uint16_t format = 0;   // SDL_AudioFormat, e.g. AUDIO_S16SYS
  int channels = 0;
};

// Speech in the MixerFormat given to the SpeechWorker, ready for Mix_QuickLoad_RAW.
struct SpeechClip {
  std::vector<std::uint8_t> samples;
  std::uint64_t requestId = 0;
};

class SpeechWorker {
public:
  explicit SpeechWorker(MixerFormat format);
  ~SpeechWorker();
  SpeechWorker(const SpeechWorker&) = delete;
  SpeechWorker& operator=(const SpeechWorker&) = delete;

  // Queues text for synthesis in language ("en", "es" or any espeak-ng voice name) and
  // returns the request's id. A newer request replaces one still waiting and cancels one
  // in synthesis, because only the latest screen message is worth reading. Starts the
  // thread on first use. UI thread.
  std::uint64_t request(std::string text, std::string language);

  // Returns the newest finished clip, or nothing. UI thread.
  std::optional<SpeechClip> takeClip();

  // Drops the waiting request and the finished clip, and stops a synthesis in progress.
  // UI thread.
  void cancel();

  // True when no request is waiting or in synthesis and no finished clip waits. UI thread.
  bool idle();

  // False once libespeak-ng failed to start; requests are then dropped.
  bool available() const { return m_available; }

private:
  struct Request {
    std::string text;
    std::string language;
    std::uint64_t id = 0;
  };

  void run();
  void synthesize(const Request& request);

  MixerFormat m_format;
  std::thread m_thread;
  std::atomic<bool> m_available{true};
  std::atomic<std::uint64_t> m_latestId{0};  // a synthesis whose id is older stops early

  std::mutex m_mutex;  // guards everything below
  std::condition_variable m_wake;
  bool m_stop = false;
  bool m_busy = false;
  std::optional<Request> m_pending;
  std::optional<SpeechClip> m_finished;
};

}  // namespace chillnode
