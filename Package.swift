// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Charter",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "charter", targets: ["charter"]),
        .library(name: "CharterCore", targets: ["CharterCore"]),
        .library(name: "CharterGit", targets: ["CharterGit"]),
        .library(name: "CharterSigning", targets: ["CharterSigning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev), found through pkg-config.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev", "pkg-config"])]
        ),
        // The pure core: YAML loading, model, schema, rules. No git, no file system.
        .target(
            name: "CharterCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The one module that owns every libgit2 pointer, plus reading the work tree; it verifies the
        // signed approvals it reads (CharterSigning).
        .target(
            name: "CharterGit",
            dependencies: ["CLibGit2", "CharterCore", "CharterSigning"]
        ),
        // SSH signatures (the SSHSIG format git uses with gpg.format=ssh): keys, ssh-agent,
        // allowed-signers files. Pure Swift over swift-crypto; no git, no child process.
        .target(
            name: "CharterSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "charter",
            dependencies: [
                "CharterCore",
                "CharterGit",
                "CharterSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer entry point over loading and validation (`make fuzz`); built normally, it replays files.
        .executableTarget(
            name: "CharterFuzz",
            dependencies: ["CharterCore"],
            path: "Fuzz/CharterFuzz"
        ),
        .testTarget(
            name: "CharterCoreTests",
            dependencies: ["CharterCore", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CharterGitTests",
            dependencies: ["CharterGit", "CharterCore"]
        ),
        .testTarget(
            name: "CharterSigningTests",
            dependencies: ["CharterSigning"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CharterCore"],
            exclude: ["Scripts"]
        ),
    ]
)
