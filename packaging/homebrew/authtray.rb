# Homebrew cask template for the macOS app. Lives in a tap repository
# (github.com/authtray/homebrew-tap, file Casks/authtray.rb); the release
# job fills in VERSION and SHA256 from dist/SHA256SUMS.
#   brew install --cask authtray/tap/authtray
cask "authtray" do
  version "VERSION"
  sha256 "SHA256"

  url "https://github.com/authtray/authtray/releases/download/v#{version}/authtray-#{version}-macos.zip"
  name "authtray"
  desc "Menu-bar monitor for Claude Code and OpenClaw credential expiry"
  homepage "https://github.com/authtray/authtray"

  depends_on macos: ">= :monterey"

  app "authtray.app"
  binary "#{appdir}/authtray.app/Contents/MacOS/authtray"

  uninstall launchctl: "io.github.authtray",
            quit:      "io.github.authtray"

  zap trash: [
    "~/Library/Application Support/authtray",
    "~/Library/LaunchAgents/io.github.authtray.plist",
  ]
end
