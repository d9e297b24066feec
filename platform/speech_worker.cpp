#include "platform/speech_worker.hpp"

#include <cstring>
#include <sys/prctl.h>

#include <SDL.h>
#include <spdlog/spdlog.h>

#ifdef CHILLNODE_HAVE_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif

namespace chillnode {

namespace {

#ifdef CHILLNODE_HAVE_ESPEAK

// espeak-ng writes 16-bit mono samples in the machine's byte order.
constexpr std::uint16_t SpeechFormat = AUDIO_S16SYS;
constexpr int SpeechWordsPerMinute = 150;  // espeak-ng's default is 175, and slower is calmer

// espeak-ng voice for a kiosk language code.
std::string voiceFor(const std::string& language) {
  if (language == "en") return "en-us";
  return language;
}

// Converts 16-bit mono samples at rate to the mixer's format. Returns nothing when SDL
// cannot build the conversion.
std::optional<std::vector<std::uint8_t>> convertSpeech(const std::vector<std::int16_t>& samples,
                                                       int rate, const MixerFormat& target) {
  SDL_AudioCVT cvt;
  if (SDL_BuildAudioCVT(&cvt, SpeechFormat, 1, rate, target.format,
                        static_cast<Uint8>(target.channels), target.rate) < 0) {
    spdlog::warn("speech: cannot convert {} Hz mono to the mixer's format: {}", rate,
                 SDL_GetError());
    return std::nullopt;
  }
  int bytes = static_cast<int>(samples.size() * sizeof(std::int16_t));
  std::vector<std::uint8_t> buffer(static_cast<std::size_t>(bytes) *
                                   static_cast<std::size_t>(cvt.len_mult));
  std::memcpy(buffer.data(), samples.data(), static_cast<std::size_t>(bytes));
  cvt.buf = buffer.data();
  cvt.len = bytes;
  if (cvt.needed != 0 && SDL_ConvertAudio(&cvt) != 0) {
    spdlog::warn("speech: audio conversion failed: {}", SDL_GetError());
    return std::nullopt;
  }
  buffer.resize(static_cast<std::size_t>(cvt.needed != 0 ? cvt.len_cvt : bytes));
  return buffer;
}

// libespeak-ng keeps one global synthesizer, so every SpeechWorker shares it under this lock.
std::mutex& espeakMutex() {
  static std::mutex mutex;
  return mutex;
}

// Samples collected by one espeak_Synth call, which passes this as user_data to onSamples.
struct SynthJob {
  std::vector<std::int16_t> samples;
  const std::atomic<std::uint64_t>* latestId = nullptr;
  std::uint64_t id = 0;
};

// Returning 1 makes espeak-ng abandon the text, which a newer request has replaced.
int onSamples(short* samples, int count, espeak_EVENT* events) {
  auto* job = static_cast<SynthJob*>(events->user_data);
  if (job == nullptr) return 0;
  if (samples != nullptr && count > 0) job->samples.insert(job->samples.end(), samples, samples + count);
  return *job->latestId != job->id ? 1 : 0;
}

// Starts libespeak-ng once per process. Returns its sample rate, or -1 when it failed (for
// example, espeak-ng-data missing). Call with espeakMutex() held.
int startEspeak() {
  static int rate = [] {
    int result = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (result > 0) espeak_SetSynthCallback(onSamples);
    // espeak_Terminate is never called, so players opened one after another (as in the
    // tests) share this one start. The library's memory is released when the process ends.
    return result;
  }();
  return rate;
}

#endif

}  // namespace

SpeechWorker::SpeechWorker(MixerFormat format) : m_format(format) {}

SpeechWorker::~SpeechWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_latestId = 0;  // cancels a synthesis in progress
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

std::uint64_t SpeechWorker::request(std::string text, std::string language) {
  std::uint64_t id = m_latestId + 1;
  {
    std::lock_guard lock(m_mutex);
    m_pending = Request{std::move(text), std::move(language), id};
    m_finished.reset();
    m_latestId = id;
  }
  if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
  m_wake.notify_one();
  return id;
}

std::optional<SpeechClip> SpeechWorker::takeClip() {
  std::lock_guard lock(m_mutex);
  std::optional<SpeechClip> clip = std::move(m_finished);
  m_finished.reset();
  return clip;
}

void SpeechWorker::cancel() {
  std::lock_guard lock(m_mutex);
  m_pending.reset();
  m_finished.reset();
  m_latestId = m_latestId + 1;
}

bool SpeechWorker::idle() {
  std::lock_guard lock(m_mutex);
  return !m_pending && !m_busy && !m_finished;
}

void SpeechWorker::run() {
  prctl(PR_SET_NAME, "speech", 0, 0, 0);
  while (true) {
    Request request;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stop || m_pending; });
      if (m_stop) return;
      request = std::move(*m_pending);
      m_pending.reset();
      m_busy = true;
    }
    synthesize(request);
    std::lock_guard lock(m_mutex);
    m_busy = false;
  }
}

#ifdef CHILLNODE_HAVE_ESPEAK

void SpeechWorker::synthesize(const Request& request) {
  if (!m_available) return;
  SynthJob job;
  job.latestId = &m_latestId;
  job.id = request.id;
  int rate = 0;
  {
    std::lock_guard espeakLock(espeakMutex());
    rate = startEspeak();
    if (rate <= 0) {
      spdlog::warn("speech: libespeak-ng failed to start (is espeak-ng-data installed?), so "
                   "audio-guided mode stays silent");
      m_available = false;
      return;
    }
    if (espeak_SetVoiceByName(voiceFor(request.language).c_str()) != EE_OK) {
      spdlog::warn("speech: espeak-ng has no voice for language {}, so request {} is skipped",
                   request.language, request.id);
      return;
    }
    espeak_SetParameter(espeakRATE, SpeechWordsPerMinute, 0);
    espeak_Synth(request.text.c_str(), request.text.size() + 1, 0, POS_CHARACTER, 0,
                 espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, &job);
  }
  if (m_latestId != request.id || job.samples.empty()) return;

  std::optional<std::vector<std::uint8_t>> converted = convertSpeech(job.samples, rate, m_format);
  if (!converted) return;
  std::lock_guard lock(m_mutex);
  if (m_latestId == request.id) m_finished = SpeechClip{std::move(*converted), request.id};
}

#else

void SpeechWorker::synthesize(const Request& request) {
  if (m_available.exchange(false)) {
    spdlog::warn("speech: built without libespeak-ng, so audio-guided mode stays silent "
                 "(request {} skipped)", request.id);
  }
}

#endif

}  // namespace chillnode
