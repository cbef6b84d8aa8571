// .aaren model files: checkSchema's messages, atomic saving (readers never see part of a
// file, a failed save keeps the old one) and SHA-256.
#include "core/models/ModelFile.h"

#include "tests/models/ModelFileTestSupport.h"

#include <atomic>
#include <regex>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
namespace fs = std::filesystem;

namespace {

// ---- schema ---------------------------------------------------------------------------------

TEST(ModelFileSchema, CheckSchemaNamesTheMismatch) {
  ModelFileInfo info;
  info.schema.columns = {"HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"};
  info.schema.frequency_seconds = 3600;
  EXPECT_NO_THROW(checkSchema(info, info.schema.columns, 3600));
  EXPECT_NO_THROW(checkSchema(info, info.schema.columns, 0));  // unknown: not checked
  EXPECT_EQ(errorOf([&] { checkSchema(info, {"HUFL", "HULL", "OT", "extra"}, 3600); }),
            "model expects columns HUFL,HULL,MUFL,MULL,LUFL,LULL,OT but the data has HUFL,HULL,OT,extra "
            "(missing MUFL,MULL,LUFL,LULL; not in the model extra)");
  // Columns are read by name: another order and extra columns fit.
  EXPECT_NO_THROW(checkSchema(info, {"OT", "HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL"}, 3600, "/models/m.aaren"));
  EXPECT_NO_THROW(checkSchema(info, {"date2", "HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT", "extra"}, 3600));
  ModelFileInfo ot = info;
  ot.schema.columns = {"OT"};
  EXPECT_NO_THROW(checkSchema(ot, info.schema.columns, 3600));
  EXPECT_EQ(errorOf([&] { checkSchema(info, info.schema.columns, 900, "/models/m.aaren"); }),
            "/models/m.aaren: model expects one sample every 1h but the data has one every 15min");
  EXPECT_EQ(kindOf([&] { checkSchema(info, {}, 3600); }), ModelFileError::Kind::SchemaMismatch);
  EXPECT_EQ(errorOf([&] { checkSchema(info, {}, 3600); }),
            "model expects columns HUFL,HULL,MUFL,MULL,LUFL,LULL,OT but the data has no columns "
            "(missing HUFL,HULL,MUFL,MULL,LUFL,LULL,OT)");
  EXPECT_EQ(formatInterval(86400 * 7), "7d");
  EXPECT_EQ(formatInterval(90), "90s");
}

// ---- atomic save ----------------------------------------------------------------------------

TEST(ModelFileSave, OverwriteLeavesOnlyTheNewFile) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto a = makeModel(small(ModelType::Aaren, Task::Forecast));
  auto b = makeModel(small(ModelType::Transformer, Task::Forecast));
  saveModelFile(file, *a, sampleInfo(a->options));
  saveModelFile(file, *b, sampleInfo(b->options));
  EXPECT_EQ(loadModelFile(file).info.options.type, ModelType::Transformer);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});
}

TEST(ModelFileSave, ReadersSeeTheOldOrTheNewFileNeverAPart) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto a = makeModel(small(ModelType::Aaren, Task::Forecast));
  auto b = makeModel(small(ModelType::Transformer, Task::Forecast));
  saveModelFile(file, *a, sampleInfo(a->options));
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, failures{0};
  std::string failure;
  std::thread reader([&] {
    while (!done) {
      try {
        auto info = readModelFileInfo(file);
        ++reads;
      } catch (const std::exception& e) {
        if (failures++ == 0) failure = e.what();
      }
    }
  });
  for (int i = 0; i < 30; ++i) {
    auto& m = i % 2 ? *a : *b;
    saveModelFile(file, m, sampleInfo(m.options));
  }
  done = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0) << failure;
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});
}

TEST(ModelFileSave, FailingSaveNamesThePathAndKeepsTheOldFile) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto a = makeModel(small(ModelType::Aaren, Task::Forecast));
  auto b = makeModel(small(ModelType::Transformer, Task::Forecast));
  saveModelFile(file, *a, sampleInfo(a->options));
  const auto old_bytes = readBytes(file);

  // The temporary file cannot be created: with a 250-byte file name, "<name>.tmp-<16 hex>"
  // is longer than a file name may be.
  const auto long_name = dir / (std::string(244, 'n') + ".aaren");
  const auto error = errorOf([&] { saveModelFile(long_name, *b, sampleInfo(b->options)); });
  const std::regex expected(std::regex_replace(long_name.string(), std::regex("[.]"), "[.]") +
                            ": cannot save: cannot create temporary file " +
                            std::regex_replace(long_name.string(), std::regex("[.]"), "[.]") +
                            "[.]tmp-[0-9a-f]{16}: File name too long");
  EXPECT_TRUE(std::regex_match(error, expected)) << error;
  EXPECT_EQ(kindOf([&] { saveModelFile(long_name, *b, sampleInfo(b->options)); }), ModelFileError::Kind::Io);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});

  // The directory is a regular file.
  const auto under_file = dir / "m.aaren" / "x.aaren";
  EXPECT_EQ(errorOf([&] { saveModelFile(under_file, *b, {}); }),
            under_file.string() + ": cannot save: " + file.string() + " is not a directory");
  // The directory does not exist.
  const auto nowhere = dir / "no-such-dir" / "x.aaren";
  EXPECT_EQ(errorOf([&] { saveModelFile(nowhere, *b, {}); }),
            nowhere.string() + ": cannot save: directory " + (dir / "no-such-dir").string() +
                " does not exist");
  EXPECT_EQ(kindOf([&] { saveModelFile(nowhere, *b, {}); }), ModelFileError::Kind::Io);
  // The target is a directory.
  fs::create_directory(dir / "d.aaren");
  EXPECT_EQ(errorOf([&] { saveModelFile(dir / "d.aaren", *b, {}); }),
            (dir / "d.aaren").string() + ": cannot save: it is a directory");

  EXPECT_EQ(readBytes(file), old_bytes);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"d.aaren", "m.aaren"}));
}

// Issue 18 item 15: the temporary file used to be "<file>.tmp-<pid>", opened without O_EXCL,
// so a symlink planted at that name made the save write through it. Now the name is random
// and created exclusively: whatever sits at the old name is neither followed nor clobbered.
TEST(ModelFileSave, TemporaryNameIsUnpredictableAndNeverFollowsOrClobbers) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  const auto victim = dir / "victim.txt";
  writeBytes(victim, "precious");
  const fs::path planted_link = file.string() + ".tmp-" + std::to_string(::getpid());
  const fs::path planted_file = file.string() + ".tmp-" + std::to_string(::getpid()) + "-0";
  fs::create_symlink(victim, planted_link);
  writeBytes(planted_file, "someone else's");
  auto model = makeModel(small(ModelType::Aaren, Task::Forecast));
  for (int i = 0; i < 3; ++i) saveModelFile(file, *model, sampleInfo(model->options));
  EXPECT_EQ(readBytes(victim), "precious");
  EXPECT_TRUE(fs::is_symlink(planted_link));
  EXPECT_EQ(fs::read_symlink(planted_link), victim);
  EXPECT_EQ(readBytes(planted_file), "someone else's");
  EXPECT_EQ(loadModelFile(file).info.options.d_model, 16);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"m.aaren", planted_link.filename().string(),
                                                     planted_file.filename().string(), "victim.txt"}));
}

// ---- SHA-256 --------------------------------------------------------------------------------

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  TempDir dir;
  writeBytes(dir / "abc.txt", "abc");
  EXPECT_EQ(sha256File(dir / "abc.txt"), sha256("abc"));
  std::string big(200000, 'x');  // spans several read chunks
  writeBytes(dir / "big.bin", big);
  EXPECT_EQ(sha256File(dir / "big.bin"), sha256(big));
  EXPECT_EQ(errorOf([&] { sha256File(dir / "missing"); }),
            (dir / "missing").string() + ": cannot open: No such file or directory");
}

}  // namespace
