/// A key pressed in raw mode.
enum Key: Equatable {
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, space, backspace, tab, escape
    /// Ctrl-L: draw the screen again from scratch.
    case redraw
    /// Ctrl-U: clear what was typed.
    case clearTyped
    /// Ctrl-C: quit, saving the answers.
    case interrupt
    /// Ctrl-D: end of input.
    case endOfInput
    case character(Character)

    /// Splits the bytes of one read into keys: several keys can arrive together (typing fast,
    /// pasting, or a test sending them at once), and an arrow is a three-byte escape sequence.
    static func parse(_ bytes: [UInt8]) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let key = Self.controlKeys[byte] {
                keys.append(key)
                index += 1
                continue
            }
            switch byte {
            case 0x1B:
                // ESC [ X or ESC O X: cursor keys; ESC [ n ~: home, end and others.
                if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") || bytes[index + 1] == UInt8(ascii: "O") {
                    var end = index + 2
                    while end < bytes.count, (0x30...0x3F).contains(bytes[end]) { end += 1 }  // parameters
                    guard end < bytes.count else {
                        index = bytes.count
                        continue
                    }
                    let parameters = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
                    switch (bytes[end], parameters) {
                    case (UInt8(ascii: "A"), _): keys.append(.up)
                    case (UInt8(ascii: "B"), _): keys.append(.down)
                    case (UInt8(ascii: "C"), _): keys.append(.right)
                    case (UInt8(ascii: "D"), _): keys.append(.left)
                    case (UInt8(ascii: "H"), _), (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): keys.append(.home)
                    case (UInt8(ascii: "F"), _), (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): keys.append(.end)
                    case (UInt8(ascii: "~"), "5"): keys.append(.pageUp)
                    case (UInt8(ascii: "~"), "6"): keys.append(.pageDown)
                    default: break  // other function keys: ignored
                    }
                    index = end + 1
                } else {
                    keys.append(.escape)
                    index += 1
                }
            case 0x0D, 0x0A:
                keys.append(.enter)
                // A CR LF pair is one Enter.
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
            case 0x00..<0x20:
                index += 1  // other control keys: ignored
            default:
                // One UTF-8 character: its length from the lead byte.
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                let end = min(index + length, bytes.count)
                for character in String(decoding: bytes[index..<end], as: UTF8.self) { keys.append(.character(character)) }
                index = end
            }
        }
        return keys
    }

    /// The keys a single control byte (or space) stands for.
    static let controlKeys: [UInt8: Key] = [
        0x7F: .backspace, 0x08: .backspace, 0x03: .interrupt, 0x04: .endOfInput, 0x09: .tab,
        0x0C: .redraw, 0x15: .clearTyped, 0x20: .space,
    ]
}
