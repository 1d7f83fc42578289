/// The version `feder --version` prints (see CHANGELOG.md).
public enum FederVersion {
    public static let current = "0.1.0"
}
