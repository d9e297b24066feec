#include "platform/audio.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <SDL.h>
#include <SDL_mixer.h>
#include <spdlog/spdlog.h>

namespace chillnode {

namespace {

constexpr int AnyChannel = -1;
// Speech has channel 0 to itself (Mix_ReserveChannels), so a new screen message can replace
// an older one without cutting off a vignette.
constexpr int SpeechChannel = 0;
constexpr int MixerChannels = 8;
// 1024 frames at 22050 Hz is 46 ms between a play call and the sound.
constexpr int ChunkFrames = 1024;

// SDL_mixer has one device per process, so a second player stays disabled.
std::atomic<bool> deviceInUse{false};

std::string replaceAll(std::string text, std::string_view key, std::string_view value) {
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

bool fileExists(const std::string& path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

}  // namespace

std::string_view cueName(Cue cue) {
  switch (cue) {
    case Cue::Welcome: return "welcome";
    case Cue::Start: return "start";
    case Cue::Breathing: return "breathing";
    case Cue::Warning: return "warning";
    case Cue::End: return "end";
  }
  return "unknown";
}

std::string callAnnouncement(std::string_view templateText, std::string_view bib, int bay) {
  std::string text = replaceAll(std::string(templateText), "{bib}", bib);
  return replaceAll(std::move(text), "{bay}", std::to_string(bay));
}

void AudioPlayer::ChunkDeleter::operator()(Mix_Chunk* chunk) const {
  Mix_FreeChunk(chunk);
}

AudioPlayer::AudioPlayer(AudioSettings settings) : m_settings(std::move(settings)) {
  m_settings.volume = std::clamp(m_settings.volume, 0, 100);
  m_enabled = openDevice();
  if (m_enabled) setVolume(m_settings.volume);
}

AudioPlayer::~AudioPlayer() {
  if (!m_enabled) return;
  m_speech.reset();
  closeDevice();
}

bool AudioPlayer::openDevice() {
  if (deviceInUse.exchange(true)) {
    spdlog::warn("audio: another player has the audio device open, so this one stays silent");
    return false;
  }
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    spdlog::warn("audio: SDL audio failed to start, so sound is off: {}", SDL_GetError());
    deviceInUse = false;
    return false;
  }
  if (Mix_OpenAudioDevice(MixRate, AUDIO_S16SYS, MixChannels, ChunkFrames, nullptr, 0) != 0) {
    spdlog::warn("audio: cannot open the audio device (SDL driver {}), so sound is off: {}",
                 SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "none", Mix_GetError());
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    deviceInUse = false;
    return false;
  }
  Mix_QuerySpec(&m_format.rate, &m_format.format, &m_format.channels);
  Mix_AllocateChannels(MixerChannels);
  Mix_ReserveChannels(1);
  spdlog::info("audio: device open (SDL driver {}, {} Hz, {} channels)", SDL_GetCurrentAudioDriver(),
               m_format.rate, m_format.channels);
  return true;
}

void AudioPlayer::closeDevice() {
  Mix_HaltChannel(AnyChannel);
  freeSpeech();
  m_clips.clear();
  Mix_CloseAudio();
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
  deviceInUse = false;
  spdlog::info("audio: device closed");
}

void AudioPlayer::setVolume(int percent) {
  m_settings.volume = std::clamp(percent, 0, 100);
  if (m_enabled) Mix_Volume(AnyChannel, m_settings.volume * MIX_MAX_VOLUME / 100);
}

void AudioPlayer::setQuiet(bool quiet) {
  m_settings.quiet = quiet;
  if (quiet) stopAll();
}

std::string AudioPlayer::clipPath(Cue cue, std::string_view stationType,
                                  std::string_view language) const {
  std::filesystem::path path = std::filesystem::path(m_settings.clipDir) / language / stationType;
  return (path / (std::string(cueName(cue)) + ".wav")).string();
}

void AudioPlayer::play(Cue cue, std::string_view stationType, std::string_view language) {
  if (!m_enabled || m_settings.quiet) return;
  std::string path = clipPath(cue, stationType, language);
  if (!fileExists(path)) {
    std::string fallback = clipPath(cue, FallbackType, language);
    if (fileExists(fallback)) path = fallback;
  }
  playChunk(loadClip(path), AnyChannel);
}

void AudioPlayer::playFile(const std::string& path) {
  if (!m_enabled || m_settings.quiet) return;
  playChunk(loadClip(path), AnyChannel);
}

void AudioPlayer::playChime() {
  playFile((std::filesystem::path(m_settings.clipDir) / "chime.wav").string());
}

void AudioPlayer::playAlarm() {
  playFile((std::filesystem::path(m_settings.clipDir) / "alarm.wav").string());
}

bool AudioPlayer::startSpeechWorker() {
  if (!m_speech) m_speech = std::make_unique<SpeechWorker>(m_format);
  return m_speech->available();
}

void AudioPlayer::speak(std::string text, std::string language) {
  if (!m_enabled || m_settings.quiet || text.empty() || !startSpeechWorker()) return;
  dropScreenMessages();
  m_speechQueue.push_back({std::move(text), std::move(language), SpeechKind::ScreenMessage});
}

// Drops every screen message, waiting or playing, so only the newest is read. Calls stay.
void AudioPlayer::dropScreenMessages() {
  std::erase_if(m_speechQueue, [](const SpeechRequest& request) {
    return request.kind == SpeechKind::ScreenMessage;
  });
  if (m_synthesized && m_synthesizedKind == SpeechKind::ScreenMessage) m_synthesized.reset();
  if (m_synthesizing == SpeechKind::ScreenMessage) {
    m_speech->cancel();
    m_synthesizing.reset();
  }
  if (m_playingKind == SpeechKind::ScreenMessage) Mix_HaltChannel(SpeechChannel);
}

void AudioPlayer::speakCall(std::string_view bib, int bay, const std::string& language) {
  std::filesystem::path path = std::filesystem::path(m_settings.clipDir) / language / "call.txt";
  std::ifstream file(path);
  std::stringstream templateText;
  templateText << file.rdbuf();
  if (!file || templateText.str().empty()) {
    spdlog::warn("audio: call template {} is missing or empty, so the call is not spoken",
                 path.string());
    return;
  }
  if (!m_enabled || m_settings.quiet || !startSpeechWorker()) return;
  auto firstMessage = std::find_if(m_speechQueue.begin(), m_speechQueue.end(), [](const SpeechRequest& request) {
    return request.kind == SpeechKind::ScreenMessage;
  });
  m_speechQueue.insert(firstMessage, {callAnnouncement(templateText.str(), bib, bay), language, SpeechKind::Call});
}

void AudioPlayer::update() {
  if (!m_speech || m_settings.quiet) return;
  takeSynthesized();
  if (!m_synthesizing && !m_synthesized && !m_speechQueue.empty()) {
    SpeechRequest next = std::move(m_speechQueue.front());
    m_speechQueue.pop_front();
    m_speech->request(std::move(next.text), std::move(next.language));
    m_synthesizing = next.kind;
  }
  if (m_synthesized && Mix_Playing(SpeechChannel) == 0 && !clipPlaying()) {
    m_playingKind = m_synthesizedKind;
    startSpeech(std::move(*m_synthesized));
    m_synthesized.reset();
  }
}

void AudioPlayer::takeSynthesized() {
  if (!m_synthesizing) return;
  if (std::optional<SpeechClip> clip = m_speech->takeClip()) {
    m_synthesized = std::move(clip);
    m_synthesizedKind = *m_synthesizing;
    m_synthesizing.reset();
  } else if (m_speech->idle()) {
    // The synthesis produced nothing, for example for want of a voice. The worker logged why.
    m_synthesizing.reset();
  }
}

// Returns whether a cue, the chime or the alarm plays on any channel but speech's.
bool AudioPlayer::clipPlaying() const {
  return Mix_Playing(AnyChannel) > Mix_Playing(SpeechChannel);
}

bool AudioPlayer::busy() {
  if (!m_enabled) return false;
  bool speechWaiting = !m_speechQueue.empty() || m_synthesized || (m_speech && !m_speech->idle());
  return Mix_Playing(AnyChannel) > 0 || speechWaiting;
}

void AudioPlayer::stopAll() {
  if (!m_enabled) return;
  m_speechQueue.clear();
  m_synthesized.reset();
  m_synthesizing.reset();
  if (m_speech) m_speech->cancel();
  Mix_HaltChannel(AnyChannel);
}

Mix_Chunk* AudioPlayer::loadClip(const std::string& path) {
  auto found = m_clips.find(path);
  if (found != m_clips.end()) return found->second.get();
  ChunkPtr chunk;
  if (!fileExists(path)) {
    spdlog::warn("audio: clip {} not found, skipping it", path);
  } else {
    chunk.reset(Mix_LoadWAV(path.c_str()));
    if (!chunk) spdlog::warn("audio: clip {} is invalid, skipping it: {}", path, Mix_GetError());
  }
  return m_clips.emplace(path, std::move(chunk)).first->second.get();
}

void AudioPlayer::playChunk(Mix_Chunk* chunk, int channel) {
  if (chunk == nullptr) return;
  if (Mix_PlayChannel(channel, chunk, 0) < 0) {
    spdlog::warn("audio: cannot play a clip on channel {}: {}", channel, Mix_GetError());
  }
}

void AudioPlayer::startSpeech(SpeechClip clip) {
  freeSpeech();
  m_speechSamples = std::move(clip.samples);
  auto bytes = static_cast<Uint32>(m_speechSamples.size());
  m_speechChunk.reset(Mix_QuickLoad_RAW(m_speechSamples.data(), bytes));
  if (!m_speechChunk) {
    spdlog::warn("audio: speech request {} not played: {}", clip.requestId, Mix_GetError());
    return;
  }
  playChunk(m_speechChunk.get(), SpeechChannel);
}

// Mix_FreeChunk stops any channel playing the chunk before the samples are released.
void AudioPlayer::freeSpeech() {
  m_speechChunk.reset();
  m_speechSamples.clear();
}

}  // namespace chillnode
