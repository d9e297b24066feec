#include "sync/hq_connection.hpp"

#include <poll.h>

#include <list>

#include <libpq-fe.h>

#include "sync/conninfo.hpp"

namespace chillnode {

namespace {

// libpq messages span lines ("...failed: Connection refused\n\tIs the server running...").
// The first line carries the reason, and staff screens and logs show one line.
std::string firstLine(const char* text) {
  std::string line = text ? text : "";
  std::size_t end = line.find('\n');
  if (end != std::string::npos) line.resize(end);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line.empty() ? "no reason given" : line;
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// Turns libpq's connection failure into words a staff member can act on.
std::string describeConnectFailure(const std::string& reason) {
  if (contains(reason, "password authentication failed") || contains(reason, "no password supplied")) {
    return "HQ rejected this unit's login (" + reason + "): check the user and password in hq.url";
  }
  // Checked before "does not exist", because libpq reports a missing root certificate with
  // those words too.
  if (contains(reason, "certificate") || contains(reason, "SSL") || contains(reason, "ssl")) {
    return "the TLS connection to HQ failed (" + reason + "): check hq.sslmode and the certificate files";
  }
  if (contains(reason, "does not exist")) return "HQ rejected the connection (" + reason + "): check hq.url";
  if (contains(reason, "invalid") || contains(reason, "missing")) return "hq.url is invalid (" + reason + ")";
  if (contains(reason, "Connection refused") || contains(reason, "could not translate host name") ||
      contains(reason, "No route to host") || contains(reason, "Network is unreachable")) {
    return "HQ is not reachable (" + reason + "); the records wait on this unit";
  }
  return "cannot connect to HQ (" + reason + ")";
}

// Keyword and value arrays for PQconnectStartParams. The values are copied into a list,
// whose elements never move, so the pointers stay valid until the connection has started.
struct Parameters {
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  std::list<std::string> storage;

  void add(const char* keyword, const std::string& value) {
    if (value.empty()) return;
    keywords.push_back(keyword);
    values.push_back(storage.emplace_back(value).c_str());
  }
};

}  // namespace

HqConnection::HqConnection(int stopFd) : m_stopFd(stopFd) {}

HqConnection::~HqConnection() {
  close();
}

void HqConnection::close() {
  if (m_conn) PQfinish(m_conn);
  m_conn = nullptr;
}

HqConnection::Wait HqConnection::waitForSocket(bool forWrite, std::chrono::steady_clock::time_point deadline) {
  pollfd fds[2] = {};
  fds[0].fd = PQsocket(m_conn);
  fds[0].events = static_cast<short>(forWrite ? POLLOUT : POLLIN);
  fds[1].fd = m_stopFd;
  fds[1].events = POLLIN;
  if (fds[0].fd < 0) return Wait::Failed;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Wait::TimedOut;
    int ready = poll(fds, m_stopFd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Wait::Failed;
    if (m_stopFd >= 0 && (fds[1].revents & POLLIN)) return Wait::Stopped;
    if (ready > 0) return Wait::Ready;
  }
}

std::optional<std::string> HqConnection::connect(const HqSettings& settings, std::chrono::milliseconds timeout) {
  close();
  // The url comes first and is expanded, so the settings after it override the same ones in it.
  Parameters parameters;
  parameters.add("dbname", settings.url);
  parameters.add("sslmode", settings.sslMode);
  parameters.add("sslrootcert", settings.sslRootCert);
  parameters.add("sslcert", settings.sslCert);
  parameters.add("sslkey", settings.sslKey);
  parameters.add("application_name", "chillnode-sync");
  // Keepalives and a TCP user timeout find a connection that died without a FIN (a venue
  // network that went away) within about 30 s instead of the kernel's many minutes.
  parameters.add("keepalives", "1");
  parameters.add("keepalives_idle", "10");
  parameters.add("keepalives_interval", "5");
  parameters.add("keepalives_count", "3");
  parameters.add("tcp_user_timeout", "30000");
  parameters.keywords.push_back(nullptr);
  parameters.values.push_back(nullptr);

  // libpq may quote the url in its message, password included.
  auto failed = [this, &settings] {
    std::string reason = redactPasswords(firstLine(PQerrorMessage(m_conn)), settings.url);
    close();
    return describeConnectFailure(reason);
  };
  m_conn = PQconnectStartParams(parameters.keywords.data(), parameters.values.data(), 1);
  if (!m_conn) return "cannot connect to HQ: out of memory";
  if (PQstatus(m_conn) == CONNECTION_BAD) return failed();

  auto deadline = std::chrono::steady_clock::now() + timeout;
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) return failed();
    Wait wait = waitForSocket(state == PGRES_POLLING_WRITING, deadline);
    if (wait == Wait::TimedOut) {
      close();
      return "HQ did not answer within " + std::to_string(timeout.count() / 1000) + " s";
    }
    if (wait == Wait::Stopped) {
      close();
      return "stopped while connecting to HQ";
    }
    if (wait == Wait::Failed) return failed();
    state = PQconnectPoll(m_conn);
  }
  if (PQsetnonblocking(m_conn, 1) != 0) {
    close();
    return "cannot connect to HQ: libpq could not switch to non-blocking mode";
  }
  return std::nullopt;
}

HqReply HqConnection::lose(HqReply::Status status, std::string message) {
  close();
  HqReply reply;
  reply.status = status;
  reply.message = std::move(message);
  return reply;
}

HqReply HqConnection::execute(const std::string& sql, const std::vector<std::string>& params,
                              std::chrono::milliseconds timeout) {
  if (!m_conn) return lose(HqReply::Status::Lost, "not connected to HQ");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& param : params) values.push_back(param.c_str());
  if (!PQsendQueryParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                         nullptr, 0)) {
    return lose(HqReply::Status::Lost, firstLine(PQerrorMessage(m_conn)));
  }

  // Send the whole statement, reading any input the server sends meanwhile.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int flushed = 1;
  while ((flushed = PQflush(m_conn)) == 1) {
    Wait wait = waitForSocket(true, deadline);
    if (wait == Wait::Stopped) return lose(HqReply::Status::Stopped, "stopped while sending to HQ");
    if (wait != Wait::Ready) return lose(HqReply::Status::Lost, "sending to HQ timed out");
    if (!PQconsumeInput(m_conn)) return lose(HqReply::Status::Lost, firstLine(PQerrorMessage(m_conn)));
  }
  if (flushed < 0) return lose(HqReply::Status::Lost, firstLine(PQerrorMessage(m_conn)));

  // Collect every result until libpq returns null, which it does only after the server's
  // ReadyForQuery. With the extended protocol the commit happens at Sync, after the
  // statement's CommandComplete, so an error that arrives later (a failed commit, a dropped
  // connection) must override the earlier success.
  HqReply reply;
  reply.status = HqReply::Status::Ok;
  bool first = true;
  while (true) {
    while (PQisBusy(m_conn)) {
      Wait wait = waitForSocket(false, deadline);
      if (wait == Wait::Stopped) return lose(HqReply::Status::Stopped, "stopped while waiting for HQ");
      if (wait == Wait::TimedOut) {
        return lose(HqReply::Status::Lost, "HQ did not answer within " + std::to_string(timeout.count() / 1000) + " s");
      }
      if (wait == Wait::Failed || !PQconsumeInput(m_conn)) {
        return lose(HqReply::Status::Lost, firstLine(PQerrorMessage(m_conn)));
      }
    }
    PGresult* result = PQgetResult(m_conn);
    if (!result) break;
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      if (first) {
        std::string rows = PQcmdTuples(result);
        reply.rowsAffected = rows.empty() ? 0 : std::stoll(rows);
        if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) {
          for (int column = 0; column < PQnfields(result); ++column) {
            reply.firstRow.emplace_back(PQgetvalue(result, 0, column));
          }
        }
      }
    } else if (reply.status == HqReply::Status::Ok) {
      const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
      reply.status = HqReply::Status::Rejected;
      reply.sqlState = state ? state : "";
      const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
      reply.message = firstLine(primary ? primary : PQresultErrorMessage(result));
    }
    first = false;
    PQclear(result);
  }
  if (first) return lose(HqReply::Status::Lost, firstLine(PQerrorMessage(m_conn)));
  if (reply.status == HqReply::Status::Ok) {
    if (PQstatus(m_conn) == CONNECTION_BAD) close();
    return reply;
  }
  // A server that shuts down or dies sends an error and then closes the connection. The
  // outcome of the statement is unknown, so the caller must treat it as lost, not rejected.
  bool serverGone = reply.sqlState.empty() || reply.sqlState.starts_with("08") || reply.sqlState.starts_with("57P");
  if (PQstatus(m_conn) == CONNECTION_BAD || serverGone) return lose(HqReply::Status::Lost, reply.message);
  return reply;
}

}  // namespace chillnode
