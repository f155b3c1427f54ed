// `ida serve`: the web UI (serve/server.h) over a folder of runs, until Ctrl-C.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "serve/server.h"

namespace ida::cli {
namespace {

// Blocks SIGINT and SIGTERM in this thread and those it starts; a watcher thread takes them
// with sigwait and stops the server (stopping is not async-signal-safe, so no handler).
void serve_until_signal(serve::WebServer& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread watcher([&] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  server.serve();
  // serve() also returns when listening fails: wake the watcher so that it can be joined.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<serve::ServerOptions>();
  auto* cmd = app.add_subcommand(
      "serve",
      "The web UI: runs and their charts, play against a checkpoint, ask and oversee\n"
      "questions. Offline, on 127.0.0.1 unless --host says otherwise");
  cmd->add_option("--runs", options->runs, "folder of runs (default: runs)");
  cmd->add_option("--port", options->port, "TCP port; 0 = any free one (default 8080)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", options->host,
                  "address to listen on (default 127.0.0.1; any other needs the token for "
                  "writes)");
  cmd->callback([options] {
    serve::WebServer server(*options);
    std::cout << "ida serve: http://" << options->host << ":" << server.port() << "/ (runs in "
              << options->runs.string() << ")\n";
    if (!server.token().empty())
      std::cout << "token for writes (header X-Ida-Token): " << server.token() << "\n";
    std::cout << std::flush;
    serve_until_signal(server);
  });
}

}  // namespace ida::cli
