/// Placeholder; replaced below.
public struct ToolWords {
    public static let languages = ["en", "zh-CN"]
}
