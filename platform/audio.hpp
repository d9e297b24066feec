#pragma once
// Sound for the recovery stations: generated vignettes per station type and language, the
// call chime, the end alarm and, in audio-guided mode, screen messages read aloud.
//
// Every method runs on the UI thread. SDL_mixer mixes on its own audio thread, and speech is
// synthesized on a "speech" thread. Failures do not throw. A missing or broken clip is logged
// once per path and skipped, and a device that cannot open leaves the player disabled.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/speech_worker.hpp"

struct Mix_Chunk;

namespace chillnode {

enum class Cue { Welcome, Start, Breathing, Warning, End };

// File name of a cue's clip without ".wav": "welcome", "start", "breathing", "warning", "end".
std::string_view cueName(Cue cue);

// Fills every {bib} and {bay} in a call template.
std::string callAnnouncement(std::string_view templateText, std::string_view bib, int bay);

struct AudioSettings {
  std::string clipDir;  // contains LANG/TYPE/CUE.wav, LANG/call.txt, chime.wav and alarm.wav
  int volume = 80;      // percent, 0 to 100; values outside are clamped
  bool quiet = false;   // plays nothing while set
};

class AudioPlayer {
public:
  // The device format, the same as the generated clips', so they load without conversion
  // and each cached clip takes its file size in memory. SDL converts to what the hardware takes.
  // The disk driver in the tests writes exactly this format.
  static constexpr int MixRate = 22050;
  static constexpr int MixChannels = 1;
  // Station type whose clips play for a type with no clips of its own.
  static constexpr std::string_view FallbackType = "generic";

  // Opens the default audio device, or the driver named by SDL_AUDIODRIVER. Only one
  // AudioPlayer may be open per process, because SDL_mixer has one global device.
  explicit AudioPlayer(AudioSettings settings);
  ~AudioPlayer();
  AudioPlayer(const AudioPlayer&) = delete;
  AudioPlayer& operator=(const AudioPlayer&) = delete;

  // False when the device did not open. Every other call is then a no-op.
  bool enabled() const { return m_enabled; }
  MixerFormat format() const { return m_format; }

  void setVolume(int percent);
  // Entering quiet mode stops what is playing and drops queued speech.
  void setQuiet(bool quiet);

  // Plays clipDir/LANG/TYPE/CUE.wav, or clipDir/LANG/generic/CUE.wav when the type has no
  // such clip. Sounds overlap when several play at once.
  void play(Cue cue, std::string_view stationType, std::string_view language);
  void playFile(const std::string& path);
  void playChime();
  void playAlarm();

  // Reads a screen message aloud with libespeak-ng. Synthesis runs on the speech thread,
  // and update() starts the result. A newer message replaces an older one that is waiting
  // or playing. It never replaces a call, but waits until queued and playing calls end.
  void speak(std::string text, std::string language);

  // Speaks clipDir/LANG/call.txt with {bib} and {bay} filled in ("Bib 1234, please come to
  // bay 2") after the calls before it, ahead of a waiting screen message. Nothing stops a
  // call but quiet mode and stopAll(). Logs a warning and speaks nothing when the template
  // is missing.
  void speakCall(std::string_view bib, int bay, const std::string& language);

  // Sends waiting speech to the speech thread and starts synthesized speech once the speech
  // channel is free and no clip plays, so speech never talks over a cue or the chime.
  // Call once per frame.
  void update();

  // True while a clip or speech plays, or speech is being synthesized.
  bool busy();
  void stopAll();

  // Path that play() tries first for a cue.
  std::string clipPath(Cue cue, std::string_view stationType, std::string_view language) const;

private:
  struct ChunkDeleter {
    void operator()(Mix_Chunk* chunk) const;
  };
  using ChunkPtr = std::unique_ptr<Mix_Chunk, ChunkDeleter>;

  bool openDevice();
  void closeDevice();
  Mix_Chunk* loadClip(const std::string& path);
  void playChunk(Mix_Chunk* chunk, int channel);
  enum class SpeechKind { ScreenMessage, Call };
  struct SpeechRequest {
    std::string text;
    std::string language;
    SpeechKind kind = SpeechKind::ScreenMessage;
  };

  bool startSpeechWorker();
  void dropScreenMessages();
  void takeSynthesized();
  bool clipPlaying() const;
  void startSpeech(SpeechClip clip);
  void freeSpeech();

  AudioSettings m_settings;
  bool m_enabled = false;
  MixerFormat m_format;
  // Loaded clips by path. A clip that failed to load is kept as null, so it is reported once.
  std::unordered_map<std::string, ChunkPtr> m_clips;

  std::unique_ptr<SpeechWorker> m_speech;
  // Speech not yet sent to the speech thread, calls first. The thread gets one request at a
  // time, so a call waiting here cannot be replaced by a newer screen message.
  std::deque<SpeechRequest> m_speechQueue;
  std::optional<SpeechKind> m_synthesizing;  // kind of the request on the speech thread
  std::optional<SpeechClip> m_synthesized;   // waiting for the speech channel to be free
  SpeechKind m_synthesizedKind = SpeechKind::ScreenMessage;
  SpeechKind m_playingKind = SpeechKind::ScreenMessage;  // of the speech last started
  // Mix_QuickLoad_RAW does not copy, so the samples live here until the chunk is freed.
  std::vector<std::uint8_t> m_speechSamples;
  ChunkPtr m_speechChunk;
};

}  // namespace chillnode
