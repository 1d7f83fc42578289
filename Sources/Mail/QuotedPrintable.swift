/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text parts: every line of the result is at most
/// 76 characters of 7-bit ASCII, so any relay carries it unchanged, and readable text stays
/// readable in the raw mail.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        // Hard line breaks: CRLF, LF or CR alone all become CRLF (RFC 2046 §4.1.1 allows no other).
        var line: [UInt8] = []
        var afterCR = false
        var first = true
        func endLine() {
            if !first { output += [0x0D, 0x0A] }
            first = false
            encodeLine(line, into: &output)
            line.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if byte == 0x0A && afterCR { afterCR = false; continue } // the LF of a CRLF already ended the line
            afterCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D { endLine() } else { line.append(byte) }
        }
        endLine()
        return String(decoding: output, as: UTF8.self)
    }

    private static func encodeLine(_ line: [UInt8], into output: inout [UInt8]) {
        var column = 0
        for (index, byte) in line.enumerated() {
            // Escaped: '=', controls, 8-bit bytes and white space ending a line (§6.7 rule 3).
            let escaped = byte == UInt8(ascii: "=") || byte > 0x7E || (byte < 0x20 && byte != 0x09)
                || ((byte == 0x20 || byte == 0x09) && index == line.count - 1)
            // A soft break ("=" CRLF) keeps each line at most 76 characters, counting the "=".
            if column + (escaped ? 3 : 1) > 75 {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
            }
            // Also a '.' or 'F' opening a line, so no relay dot-stuffs it or mangles "From ".
            if escaped || (column == 0 && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "F"))) {
                output += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                column += 3
            } else {
                output.append(byte)
                column += 1
            }
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
}
