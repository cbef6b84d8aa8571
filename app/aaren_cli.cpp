// `aaren`: the Aaren Studio command line. The commands live in app/cli/.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/Command.h"

int main(int argc, char** argv) {
  return aaren::cli::runCli(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
