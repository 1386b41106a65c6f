// AssumeRole through a role profile against moto's STS with signature
// verification on (tests/support/moto_server.py): the real signer, the real
// XML, and assumed credentials that moto's S3 then accepts. Skipped when moto
// is not importable by the python3 on PATH.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boostburn/aws/credential_chain.hpp"
#include "boostburn/aws/sigv4.hpp"
#include "support/process.hpp"
#include "support/s3_server.hpp"
#include "support/temp_dir.hpp"
#include "unit/aws/credential_testing.hpp"

namespace boostburn {
namespace {

using testing::FakeEnv;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TempDir;

bool moto_importable() {
  return testing::run_process({"/usr/bin/env", "python3", "-c", "import moto, boto3, flask"})
             .exit_code == 0;
}

// A signed IAM or S3 call to moto with `credentials`.
Result<HttpResponse> signed_call(HttpClient& http, const std::string& endpoint,
                                 const std::string& service, const AwsCredentials& credentials,
                                 std::string method, std::string body) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = endpoint + "/";
  request.body = std::move(body);
  if (!request.body.empty()) {
    request.headers.emplace_back("Content-Type",
                                 "application/x-www-form-urlencoded; charset=utf-8");
  }
  if (auto signed_ok = sign_request(
          request, credentials, {"us-east-1", service, system_clock()(), sha256_hex(request.body)});
      !signed_ok) {
    return tl::unexpected(signed_ok.error());
  }
  return http.send(request);
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += (body.empty() ? "" : "&") + uri_encode(name, false) + "=" + uri_encode(value, false);
  }
  return body;
}

TEST(CredentialMotoTest, RoleProfileAssumesARoleThatMotoS3Accepts) {
  if (!moto_importable()) {
    GTEST_SKIP() << "moto is not importable by python3 on PATH";
  }
  auto server = testing::S3Server::start();
  ASSERT_TRUE(server) << server.error().message;
  const std::string endpoint = (*server)->endpoint();
  std::shared_ptr<HttpClient> http(make_curl_http_client());

  AwsCredentials user;
  user.access_key_id = (*server)->access_key_id();
  user.secret_access_key = (*server)->secret_access_key();
  const std::string trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})";
  const std::string allow_all =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  auto created = signed_call(*http, endpoint, "iam", user, "POST",
                             form({{"Action", "CreateRole"},
                                   {"Version", "2010-05-08"},
                                   {"RoleName", "boostburn-reader"},
                                   {"AssumeRolePolicyDocument", trust}}));
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_EQ(created->status, 200) << created->body;
  const auto arn_begin = created->body.find("<Arn>") + 5;
  const std::string role_arn =
      created->body.substr(arn_begin, created->body.find("</Arn>") - arn_begin);
  auto policy = signed_call(*http, endpoint, "iam", user, "POST",
                            form({{"Action", "PutRolePolicy"},
                                  {"Version", "2010-05-08"},
                                  {"RoleName", "boostburn-reader"},
                                  {"PolicyName", "all"},
                                  {"PolicyDocument", allow_all}}));
  ASSERT_TRUE(policy && policy->status == 200);

  TempDir home;
  home.write(".aws/credentials", "[base]\naws_access_key_id = " + user.access_key_id +
                                     "\naws_secret_access_key = " + user.secret_access_key + "\n");
  home.write(".aws/config",
             "[profile reader]\nrole_arn = " + role_arn + "\nsource_profile = base\n");
  FakeEnv env;
  env.set("HOME", home.path().string())
      .set("AWS_PROFILE", "reader")
      .set("AWS_ENDPOINT_URL_STS", endpoint)
      .set("AWS_EC2_METADATA_DISABLED", "true");
  const auto chain = make_default_credential_chain(http, system_clock(), env.lookup());
  const auto assumed = chain->credentials();
  ASSERT_TRUE(assumed) << assumed.error().message;
  EXPECT_THAT(assumed->access_key_id, StartsWith("ASIA"));
  EXPECT_FALSE(assumed->session_token.empty());
  ASSERT_TRUE(assumed->expires_at);
  EXPECT_GT(*assumed->expires_at, system_clock()() + 600);

  // moto's S3 takes the assumed keys with their session token, and refuses them without it.
  auto listed = signed_call(*http, endpoint, "s3", *assumed, "GET", "");
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->status, 200) << listed->body;
  AwsCredentials without_token = *assumed;
  without_token.session_token.clear();
  listed = signed_call(*http, endpoint, "s3", without_token, "GET", "");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 403);

  // A wrong source secret: moto's STS refuses the signature, and says so by code.
  home.write(".aws/credentials", "[base]\naws_access_key_id = " + user.access_key_id +
                                     "\naws_secret_access_key = wrong-" + user.secret_access_key +
                                     "\n");
  const auto refused =
      make_default_credential_chain(http, system_clock(), env.lookup())->credentials();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::service);
  EXPECT_THAT(refused.error().message,
              HasSubstr("AssumeRole " + role_arn + " via " + endpoint + ": HTTP 403 "));
  EXPECT_THAT(refused.error().message, HasSubstr("SignatureDoesNotMatch"));
  EXPECT_THAT(refused.error().message, ::testing::Not(HasSubstr(user.secret_access_key)));
}

}  // namespace
}  // namespace boostburn
