#include "tcp_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <list>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace chillnode::test {

namespace {

std::atomic<bool> g_cutRequested{false};
std::atomic<bool> g_stopRequested{false};

void onCut(int) {
  g_cutRequested = true;
}

void onStop(int) {
  g_stopRequested = true;
}

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// One client connection and its upstream twin, copied in both directions by two threads.
struct Link {
  int client = -1;
  int upstream = -1;
  std::thread toUpstream;
  std::thread toClient;
  std::atomic<int> finished{0};

  static void pump(int from, int to, std::atomic<int>& finished) {
    char buffer[65536];
    while (true) {
      ssize_t got = read(from, buffer, sizeof buffer);
      if (got <= 0) break;
      ssize_t offset = 0;
      while (offset < got) {
        ssize_t sent = send(to, buffer + offset, static_cast<std::size_t>(got - offset), MSG_NOSIGNAL);
        if (sent <= 0) {
          offset = -1;
          break;
        }
        offset += sent;
      }
      if (offset < 0) break;
    }
    shutdown(to, SHUT_WR);
    ++finished;
  }

  void start() {
    toUpstream = std::thread(pump, client, upstream, std::ref(finished));
    toClient = std::thread(pump, upstream, client, std::ref(finished));
  }

  // Resets both sides at once, as a network that went away mid-conversation would look to
  // the side that tries to use it next.
  void cut() {
    linger reset{1, 0};
    setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    setsockopt(upstream, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    shutdown(client, SHUT_RDWR);
    shutdown(upstream, SHUT_RDWR);
  }

  ~Link() {
    if (toUpstream.joinable()) toUpstream.join();
    if (toClient.joinable()) toClient.join();
    close(client);
    close(upstream);
  }
};

}  // namespace

int runProxy(const ProxyOptions& options) {
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = onCut;
  sigaction(SIGUSR1, &action, nullptr);
  action.sa_handler = onStop;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address = loopback(options.listenPort);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 64) != 0) {
    std::perror("proxy: cannot listen");
    return 1;
  }
  std::fprintf(stderr, "proxy: 127.0.0.1:%d -> 127.0.0.1:%d\n", options.listenPort, options.targetPort);

  std::mt19937_64 random(options.seed);
  auto nextCutAt = [&] {
    std::uniform_int_distribution<int> pick(options.cutMinMs, std::max(options.cutMinMs, options.cutMaxMs));
    return std::chrono::steady_clock::now() + std::chrono::milliseconds(pick(random));
  };
  auto cutAt = nextCutAt();
  std::list<std::unique_ptr<Link>> links;
  int cuts = 0;
  while (!g_stopRequested) {
    pollfd accepting{listener, POLLIN, 0};
    if (poll(&accepting, 1, 20) > 0) {
      int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        auto link = std::make_unique<Link>();
        link->client = client;
        link->upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in target = loopback(options.targetPort);
        if (connect(link->upstream, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
          link->cut();  // the target is down: the client sees its connection reset
        } else {
          setsockopt(link->upstream, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
          setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
          link->start();
        }
        links.push_back(std::move(link));
      }
    }
    bool randomCut = options.cutMaxMs > 0 && std::chrono::steady_clock::now() >= cutAt;
    if (g_cutRequested.exchange(false) || randomCut) {
      for (auto& link : links) link->cut();
      ++cuts;
      cutAt = nextCutAt();
    }
    links.remove_if([](const std::unique_ptr<Link>& link) {
      return link->finished == 2 || (!link->toUpstream.joinable() && !link->toClient.joinable());
    });
  }
  for (auto& link : links) link->cut();
  links.clear();
  close(listener);
  std::fprintf(stderr, "proxy: stopped after %d cuts\n", cuts);
  return 0;
}

}  // namespace chillnode::test
