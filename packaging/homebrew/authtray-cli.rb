# Homebrew formula template for the CLI alone (authtray status/--check in
# scripts and over ssh, no menu-bar app). Lives in the tap as
# Formula/authtray-cli.rb; builds from the release source tarball.
#   brew install authtray/tap/authtray-cli
class AuthtrayCli < Formula
  desc "Show when Claude Code and OpenClaw credentials expire"
  homepage "https://github.com/authtray/authtray"
  url "https://github.com/authtray/authtray/archive/refs/tags/vVERSION.tar.gz"
  sha256 "SHA256"
  license "MIT"

  depends_on "go" => :build

  def install
    # cgo stays on: the Keychain and menu-bar code need it on macOS.
    system "go", "build", *std_go_args(ldflags: "-s -w -X main.version=#{version}", output: bin/"authtray"), "./cmd/authtray"
  end

  test do
    assert_match "authtray", shell_output("#{bin}/authtray version")
    # Homebrew runs tests in an empty HOME: a valid report with no credentials.
    assert_match "\"schema\"", shell_output("#{bin}/authtray status --json")
  end
end
