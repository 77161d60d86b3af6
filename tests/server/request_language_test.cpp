// Accept-Language as browsers and scripts send it.
#include "request_language.hpp"

#include <gtest/gtest.h>

namespace gavel::server {
namespace {

TEST(RequestLanguage, TheHighestQualityLanguageGavelSpeaksWinsAndKoreanIsTheDefault) {
  EXPECT_EQ(language_from_header(""), Language::ko);
  EXPECT_EQ(language_from_header("en"), Language::en);
  EXPECT_EQ(language_from_header("en-US,en;q=0.9"), Language::en);
  EXPECT_EQ(language_from_header("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"), Language::ko);
  EXPECT_EQ(language_from_header("fr-FR,fr;q=0.9,en;q=0.5,ko;q=0.4"), Language::en);
  EXPECT_EQ(language_from_header("EN-gb"), Language::en);
  EXPECT_EQ(language_from_header("fr"), Language::ko);
  EXPECT_EQ(language_from_header("en;q=0"), Language::ko) << "q=0 means not acceptable";
  EXPECT_EQ(language_from_header("eng, english"), Language::ko) << "not the en tag";
  EXPECT_EQ(language_from_header("en;q=2, ko"), Language::ko) << "a broken q counts for nothing";
  EXPECT_EQ(language_from_header(";;,,q=,en;q=0.5"), Language::en);
}

}  // namespace
}  // namespace gavel::server
