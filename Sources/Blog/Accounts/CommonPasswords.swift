/// Passwords of ten or more characters that lead the lists of leaked passwords (English and
/// German, keyboard walks, "password" and the year, the blog's own name). Shorter ones are
/// refused by length already. Small on purpose: it stops the first guesses, not a dictionary.
enum CommonPasswords {
    static func contains(_ lowercased: String) -> Bool { list.contains(lowercased) }

    private static let list: Set<String> = [
        "0000000000a", "0123456789", "0987654321", "1111111111a", "112233445566", "123123123123", "123412341234",
        "1234512345", "1234567890", "1234567890a", "1234567891", "12345678910", "123456789a", "123456789q",
        "123456abcd", "1234qwerasdf", "147258369a", "159753456852", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "1qazxsw23edc", "5555512345", "741852963a", "9876543210", "a123456789", "a1b2c3d4e5", "aaaaaaaaaa1",
        "abc1234567", "abcabcabc1", "abcd123456", "abcde12345", "abcdefghij", "admin12345", "admin123456",
        "admin1234567", "adminadmin", "administrator", "administrator1", "asdf1234asdf", "asdfghjkl1", "asdfghjkl123",
        "autumn2025", "azertyuiop", "baseball123", "basketball", "basketball1", "batman1234", "blogblog12",
        "changeme12", "changeme123", "charlie123", "chocolate1", "computer123", "default123", "demo123456",
        "dragon12345", "feder12345", "feder123456", "federblog1", "football12", "football123", "fruehling1",
        "geheim1234", "geheimnis1", "ghostblog1", "guest12345", "hallo12345", "hallo123456", "hallohallo",
        "hello12345", "hello123456", "ichliebedich", "iloveyou12", "iloveyou123", "internet123", "jennifer123",
        "jessica123", "letmein123", "letmein1234", "liverpool1", "lovelove12", "michael123", "monkey12345",
        "myblog1234", "mypassword", "mypassword1", "mypassword123", "p@ssw0rd123", "p@ssw0rd1234", "p@ssword123",
        "passw0rd123", "password01", "password12", "password123", "password1234", "password12345", "password2024",
        "password2025", "password2026", "password2027", "passwort12", "passwort123", "passwort1234", "passwort2024",
        "passwort2025", "passwort2026", "photoshop1", "princess123", "q1w2e3r4t5", "q1w2e3r4t5y6", "qweasdzxc1",
        "qweasdzxc123", "qwerty1234", "qwerty12345", "qwerty123456", "qwertyuiop", "qwertyuiop1", "qwertz1234",
        "qwertz123456", "qwertzuiop", "root123456", "schalke04ev", "schatz1234", "secret1234", "secret12345",
        "soccer1234", "sommer2024", "sommer2025", "sommer2026", "spring2025", "starwars123", "summer2024",
        "summer2025", "summer2026", "sunshine123", "superman123", "test123456", "testing123", "testtest12",
        "toor123456", "trustno1234", "user123456", "welcome123", "welcome1234", "welcome2024", "welcome2025",
        "whatever123", "willkommen", "willkommen1", "winter2024", "winter2025", "winter2026", "wordpress1",
        "wordpress123", "wordpress2024", "zaq12wsxcde", "zaq1xsw2cde3", "zxcvbnm123",
    ]
}
