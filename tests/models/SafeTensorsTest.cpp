// The safetensors parser (core/models/SafeTensors.h) on crafted bytes: every rule it enforces
// refused with its exact message, and what it writes reads back.
#include "core/models/SafeTensors.h"

#include "tests/models/ModelFileTestSupport.h"

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
namespace st = aaren::safetensors;

namespace {

// Safetensors bytes with the given header text and `data_bytes` bytes of data.
std::string withHeader(const std::string& header, std::size_t data_bytes) {
  return leBytes(header.size(), 8) + header + std::string(data_bytes, '\x01');
}

std::string parseError(const std::string& bytes) { return errorOf([&] { st::parse(bytes); }); }

TEST(SafeTensors, WritesWhatItReadsBack) {
  const float w[6] = {1.5f, -2.0f, 0.0f, 3.25f, 1e-30f, -0.0f};
  const std::int64_t ids[2] = {7, -9};
  const auto bytes = st::write({{"w", "F32", {2, 3}, std::string_view(reinterpret_cast<const char*>(w), sizeof w)},
                                {"ids", "I64", {2}, std::string_view(reinterpret_cast<const char*>(ids), sizeof ids)},
                                {"empty", "F32", {0, 4}, {}}},
                               {{"format", "pt"}});
  EXPECT_EQ((le(bytes, 0, 8)) % 8, 0u);  // padded like Python's writer
  const auto parsed = st::parse(bytes);
  ASSERT_EQ(parsed.tensors.size(), 3u);
  EXPECT_EQ(parsed.metadata, (std::map<std::string, std::string>{{"format", "pt"}}));
  const auto* t = parsed.find("w");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->dtype, "F32");
  EXPECT_EQ(t->shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(parsed.bytesOf(*t), std::string(reinterpret_cast<const char*>(w), sizeof w));
  EXPECT_EQ(parsed.bytesOf(*parsed.find("ids")), std::string(reinterpret_cast<const char*>(ids), sizeof ids));
  EXPECT_EQ(parsed.find("empty")->numel(), 0u);
  EXPECT_EQ(parsed.data.size(), sizeof w + sizeof ids);
}

TEST(SafeTensors, RefusesBadLengths) {
  EXPECT_EQ(parseError("abc"), "3 bytes, shorter than the 8-byte header length");
  EXPECT_EQ(parseError(leBytes(17000000, 8) + "{}"), "header length 17000000 is more than the 16777216 bytes allowed");
  EXPECT_EQ(parseError(leBytes(10, 8) + "{}"), "header length 10 runs past the end (2 bytes follow it)");
  EXPECT_EQ(parseError(withHeader("{}", 0)), "(no error)");
}

TEST(SafeTensors, RefusesBadJson) {
  EXPECT_EQ(parseError(withHeader("{\"w\": ", 0)).rfind("header is not valid JSON: [json.exception.parse_error.101]", 0), 0u);
  EXPECT_EQ(parseError(withHeader("[1, 2]", 0)), "header is not a JSON object");
  EXPECT_EQ(parseError(withHeader(R"({"w": 5})", 0)), "tensor 'w' is not a JSON object");
  EXPECT_EQ(parseError(withHeader(R"({"": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}})", 4)),
            "a tensor has an empty name");
  EXPECT_EQ(parseError(withHeader(R"({"__metadata__": {"a": 1}})", 0)), "__metadata__ is not an object of strings");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "x": 1}})", 4)),
            "tensor 'w' has an unknown field 'x'");
}

TEST(SafeTensors, RefusesDtypesOffTheWhitelist) {
  EXPECT_EQ(parseError(withHeader(R"({"w": {"shape": [1], "data_offsets": [0, 4]}})", 4)), "tensor 'w' has no dtype string");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "Q8", "shape": [1], "data_offsets": [0, 1]}})", 1)),
            "tensor 'w' has dtype 'Q8' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F8_E4M3", "shape": [1], "data_offsets": [0, 1]}})", 1)),
            "tensor 'w' has dtype 'F8_E4M3' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
}

TEST(SafeTensors, RefusesBadShapes) {
  const std::string no = "tensor 'w' has a shape that is not a list of non-negative integers";
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "data_offsets": [0, 4]}})", 4)), "tensor 'w' has no shape list");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})", 4)), no);
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}})", 4)), no);
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": ["2"], "data_offsets": [0, 4]}})", 4)), no);
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [9223372036854775808], "data_offsets": [0, 4]}})", 4)), no);
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "U8", "shape": [1,1,1,1,1,1,1,1,1], "data_offsets": [0, 1]}})", 1)),
            "tensor 'w' has 9 dimensions (at most 8)");
  EXPECT_EQ(parseError(withHeader(
                R"({"w": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 0]}})", 0)),
            "tensor 'w' has shape [4294967296, 4294967296] whose size overflows");
}

TEST(SafeTensors, RefusesBadOffsets) {
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1]}})", 4)),
            "tensor 'w' has no data_offsets [begin, end] of non-negative integers");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}})", 8)),
            "tensor 'w' has no data_offsets [begin, end] of non-negative integers");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [-4, 0]}})", 4)),
            "tensor 'w' has no data_offsets [begin, end] of non-negative integers");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}})", 4)),
            "tensor 'w' has data_offsets [4, 0] that end before they begin");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 8]}})", 4)),
            "tensor 'w' has data_offsets [0, 8] outside the 4 data bytes");
  EXPECT_EQ(parseError(withHeader(R"({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}})", 12)),
            "tensor 'w' has data_offsets [0, 12] (12 bytes) but dtype F32 and shape [2, 2] need 16");
}

TEST(SafeTensors, TensorsMustTileTheDataExactly) {
  EXPECT_EQ(parseError(withHeader(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                                      "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}})", 12)),
            "a gap of 4 bytes before tensor 'b' is not part of any tensor");
  EXPECT_EQ(parseError(withHeader(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                      "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", 8)),
            "tensor 'b' overlaps tensor 'a'");
  EXPECT_EQ(parseError(withHeader(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", 7)),
            "3 bytes after the last tensor are not part of any tensor");
  EXPECT_EQ(parseError(withHeader(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", 8)),
            "a gap of 4 bytes before tensor 'a' is not part of any tensor");
}

TEST(SafeTensors, WriteRefusesInconsistentTensors) {
  EXPECT_EQ(errorOf([] { st::write({{"w", "F32", {2}, "abc"}}); }), "tensor 'w' has 3 bytes for shape [2]");
  EXPECT_EQ(errorOf([] { st::write({{"w", "C64", {1}, "abcdefgh"}}); }),
            "tensor 'w' has dtype 'C64' that safetensors does not store");
  EXPECT_EQ(errorOf([] { st::write({{"w", "U8", {1}, "a"}, {"w", "U8", {1}, "b"}}); }),
            "tensor 'w': empty, reserved or repeated name");
}

}  // namespace
