#pragma once
// One libpq connection to HQ, driven through libpq's non-blocking calls so that every wait
// has a deadline and a stop request ends it at once.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/hq_settings.hpp"

struct pg_conn;

namespace chillnode {

struct HqReply {
  enum class Status {
    Ok,        // the statement succeeded and, in autocommit mode, is committed
    Rejected,  // the server returned an error and the connection still works
    Lost,      // the connection broke or timed out: the outcome is unknown
    Stopped,   // a stop was requested while waiting: the outcome is unknown
  };
  Status status = Status::Lost;
  std::string sqlState;  // five-character SQLSTATE for Rejected, else empty
  std::string message;   // one line: the server's or libpq's error message
  std::int64_t rowsAffected = 0;
  std::vector<std::string> firstRow;  // text of the first result row, if any
};

class HqConnection {
public:
  // stopFd, when not -1, is a file descriptor that becomes readable when the owner wants
  // every wait to end (an eventfd the sync thread's stop() writes).
  explicit HqConnection(int stopFd = -1);
  ~HqConnection();
  HqConnection(const HqConnection&) = delete;
  HqConnection& operator=(const HqConnection&) = delete;

  // Opens the connection, closing any open one first. Returns nullopt on success, else the
  // reason in plain words (it never contains the password).
  std::optional<std::string> connect(const HqSettings& settings, std::chrono::milliseconds timeout);
  bool isOpen() const { return m_conn != nullptr; }
  void close();

  // Runs one statement with text parameters ($1, $2, ...). A Lost or Stopped reply closes
  // the connection.
  HqReply execute(const std::string& sql, const std::vector<std::string>& params,
                  std::chrono::milliseconds timeout);

private:
  enum class Wait { Ready, TimedOut, Stopped, Failed };
  Wait waitForSocket(bool forWrite, std::chrono::steady_clock::time_point deadline);
  HqReply lose(HqReply::Status status, std::string message);

  pg_conn* m_conn = nullptr;
  int m_stopFd;
};

}  // namespace chillnode
