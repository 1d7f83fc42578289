/// What a reader sees of a piece of text: whether it shows anything at all, and whether it
/// hides or piles up characters (issue #13). Used for names and comment bodies, from the form
/// and from JSON alike, through `CommentDraft.fieldIssues()`.
enum VisibleText {
    /// Combining marks allowed on one base character: enough for every orthography we know of
    /// (Vietnamese uses two, some Hebrew and Indic texts three or four), not for "Zalgo" text
    /// whose marks pile up over the lines around it.
    static let maxCombiningMarks = 4

    /// True when nothing in `text` would show: whitespace, default-ignorable code points (zero
    /// width spaces and joiners, Hangul fillers, variation selectors, …), other format
    /// characters, and U+2800 BRAILLE PATTERN BLANK, which is drawn as an empty cell.
    static func looksEmpty(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isBlank)
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return CommentDraft.isWhitespace(scalar) }
        let properties = scalar.properties
        return properties.isWhitespace || properties.isDefaultIgnorableCodePoint || properties.generalCategory == .format
            || scalar.value == 0x2800
    }

    /// True when more than `maxCombiningMarks` combining marks pile onto one character.
    /// Nonspacing and enclosing marks count (they stack over or around their base); spacing
    /// marks do not (they take room of their own, and a Burmese syllable has five). Invisible
    /// characters between marks do not end a pile: a zero-width non-joiner after every fourth
    /// mark kept them all on one letter.
    static func stacksCombiningMarks(_ text: String) -> Bool {
        var run = 0
        for scalar in text.unicodeScalars where !scalar.isASCII || run > 0 {
            if !scalar.isASCII, isStackingMark(scalar) {
                run += 1
                if run > maxCombiningMarks { return true }
            } else if scalar.isASCII || !scalar.properties.isDefaultIgnorableCodePoint {
                run = 0
            }
        }
        return false
    }

    /// True when a name holds an invisible character that could make it look like another
    /// ("Ad\u{200B}min" shows as "Admin"): any default-ignorable code point or format
    /// character (U+FFF9 and others are not default-ignorable), except where a
    /// script or an emoji needs one. A zero-width non-joiner or joiner between two non-ASCII
    /// letters (Persian, Indic scripts) and a joiner or variation selector inside an emoji
    /// sequence (after a non-ASCII symbol, a digit, `#` or `*` for keycaps) stay allowed.
    static func hidesCharactersInName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        for (index, scalar) in scalars.enumerated()
        where !scalar.isASCII && (scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.generalCategory == .format) {
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar.value {
            case 0x200C, 0x200D:
                if let previous, let next, isScriptLetter(previous), isScriptLetter(next) { continue }
                if scalar.value == 0x200D, let previous, let next, isEmojiPart(previous), isEmojiPart(next) { continue }
                return true
            case 0xFE00...0xFE0F:
                if let previous, isEmojiPart(previous) || "0123456789#*".unicodeScalars.contains(previous) { continue }
                return true
            default:
                return true
            }
        }
        return false
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func isStackingMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: true
        default: false
        }
    }

    /// A non-ASCII letter or mark (the joiners' neighbours in the scripts that use them).
    private static func isScriptLetter(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && (scalar.properties.isAlphabetic || isCombiningMark(scalar))
    }

    /// Part of an emoji sequence: a non-ASCII symbol, a variation selector, or a skin tone.
    private static func isEmojiPart(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        if (0xFE00...0xFE0F).contains(scalar.value) { return true }
        switch scalar.properties.generalCategory {
        case .otherSymbol, .modifierSymbol: return true
        default: return scalar.properties.isEmoji
        }
    }
}
