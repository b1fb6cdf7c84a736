// The `kith` command: each subcommand adds itself (see commands.hpp).
// Exit codes: 0 ok, 1 runtime failure, 2 usage error.
#include <CLI/CLI.hpp>
#include <iostream>

#include "kith/cli/analyze.hpp"
#include "kith/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"kith: see and grow the connections in a neighbourhood", "kith"};
  app.require_subcommand(1);
  int exit_code = 0;
  kith::cli::add_serve(app, exit_code);
  kith::cli::add_migrate(app, exit_code);
  kith::cli::add_demo(app, exit_code);
  kith::cli::add_import(app, exit_code);
  kith::cli::add_export(app, exit_code);
  kith::cli::add_analyze(app, exit_code);
  kith::cli::add_user(app, exit_code);
  kith::cli::add_survey(app, exit_code);
  kith::cli::add_backup(app, exit_code);
  kith::cli::add_version(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message to stderr
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "kith: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
