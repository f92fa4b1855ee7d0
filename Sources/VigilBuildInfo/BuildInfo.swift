/// What this binary is: its version and the commit it was built from.
///
/// ``revision`` is written at build time by `Plugins/BuildInfoPlugin`.
public enum BuildInfo {
    /// The release version (see CHANGELOG.md).
    public static let version = "0.1.0"

    /// `0.1.0 (3f2c9a1b7d4e)`: what `vigil --version` prints.
    public static var description: String { "\(version) (\(revision))" }
}
