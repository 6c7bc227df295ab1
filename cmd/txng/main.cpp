// txng: the command-line entry point.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"txng: truy xuất nguồn gốc / product traceability (GS1 EPCIS 2.0)"};
    CLI11_PARSE(app, argc, argv);
    return 0;
}
