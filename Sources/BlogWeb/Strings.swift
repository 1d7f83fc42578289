/// UI strings of the default theme, per language. Keys are used by templates as `t.KEY`
/// and by Swift code (validation messages, error pages).
enum Strings {
    /// Every key, in one order: templates see them as the fields of `t`.
    static let keys = english.keys.sorted()

    static let english: [String: String] = [
        // Layout
        "skipToContent": "Skip to content",
        "mainNavigation": "Main",
        "home": "Home",
        "archive": "Archive",
        "search": "Search",
        "feed": "Feed",
        "subscribeFeed": "Subscribe (Atom feed)",
        "siteSearch": "Site search",
        "searchLabel": "Search articles",
        "searchButton": "Search",
        "darkMode": "Dark mode",
        "lightMode": "Light mode",
        "poweredBy": "Powered by Feder",

        // Listings
        "latestArticles": "Latest articles",
        "noArticles": "Nothing has been published here yet.",
        "by": "by",
        "tags": "Tags",
        "pagination": "Pages",
        "newerPosts": "Newer posts",
        "olderPosts": "Older posts",
        "pageOf": "Page %d of %d",
        "taggedHeading": "Tagged “%@”",
        "readingTime": "%d min read",
        "archiveHeading": "Archive",

        // Article
        "updated": "Updated",
        "imageSource": "Source",
        "morePosts": "More articles",
        "previousPost": "Previous post",
        "nextPost": "Next post",

        // Comments
        "commentCountZero": "No comments",
        "commentCountOne": "1 comment",
        "commentCountMany": "%d comments",
        "addComment": "Add a comment",
        "reply": "Reply",
        "replyPreposition": "to",
        "replyingTo": "Replying to %@",
        "replyingToLabel": "Replying to",
        "cancelReply": "Cancel reply",
        "commentRemoved": "This comment was removed.",
        "anonymous": "Anonymous",
        "awaitingModeration": "Thank you! Your comment is awaiting moderation.",
        "commentsClosed": "Comments are closed for this article.",

        // Comment form
        "leaveReply": "Leave a reply",
        "emailNote": "Your email address will not be published. Required fields are marked *",
        "name": "Name",
        "email": "Email",
        "emailHint": "Used only to moderate comments. Never shown to anyone.",
        "website": "Website",
        "comment": "Comment",
        "honeypotLabel": "Leave this field empty (it is a trap for spam robots)",
        "rememberMe": "Remember me on this device",
        "rememberHint": "Saves your name, email and website in this browser only.",
        "postComment": "Post comment",
        "errorPrefix": "Error:",
        "errorSummaryHeading": "There is a problem",

        // Validation messages
        "errNameRequired": "Enter your name.",
        "errNameTooLong": "Your name must be 100 characters or fewer.",
        "errNameInvalid": "Your name contains characters that cannot be used (control characters).",
        "errEmailRequired": "Enter your email address.",
        "errEmailTooLong": "Your email address must be 254 characters or fewer.",
        "errEmailInvalid": "Enter an email address in the form name@example.com.",
        "errWebsiteInvalid": "Enter a website address that starts with http:// or https://.",
        "errWebsiteTooLong": "The website address must be 200 characters or fewer.",
        "errBodyRequired": "Write a comment.",
        "errBodyTooLong": "Your comment must be 10,000 characters or fewer.",
        "errParentInvalid": "You can’t reply to that comment. It may have been removed.",
        "errParentTooDeep": "This conversation is nested too deeply. Reply further up the thread instead.",
        "errDuplicate": "You have already posted this comment.",
        "errRateLimited": "You are commenting very quickly. Please wait a minute and try again.",
        "errCommentsClosed": "Comments are closed for this article.",

        // Search
        "searchHeading": "Search",
        "searchResultsOne": "1 result",
        "searchResultsMany": "%d results",
        "searchNoResults": "Nothing matched your search. Try fewer or different words.",
        "searchEmpty": "Please enter a search term.",
        "searchInvalid": "Your search could not be understood. Try other words.",

        // Error pages
        "errorLabel": "Error",
        "backHome": "Back to the home page",
        "notFoundHeading": "Page not found",
        "notFoundMessage": "There is nothing at this address. It may have moved, or the link may be mistyped.",
        "serverErrorHeading": "Something went wrong",
        "serverErrorMessage": "The server could not finish your request. Please try again in a moment.",
        "genericErrorHeading": "This request could not be completed",
        "genericErrorMessage": "Please go back and try again.",
    ]

    static let german: [String: String] = [
        // Layout
        "skipToContent": "Zum Inhalt springen",
        "mainNavigation": "Hauptmenü",
        "home": "Startseite",
        "archive": "Archiv",
        "search": "Suche",
        "feed": "Feed",
        "subscribeFeed": "Abonnieren (Atom-Feed)",
        "siteSearch": "Website-Suche",
        "searchLabel": "Beiträge durchsuchen",
        "searchButton": "Suchen",
        "darkMode": "Dunkelmodus",
        "lightMode": "Hellmodus",
        "poweredBy": "Läuft mit Feder",

        // Listings
        "latestArticles": "Neueste Beiträge",
        "noArticles": "Hier wurde noch nichts veröffentlicht.",
        "by": "von",
        "tags": "Schlagwörter",
        "pagination": "Seiten",
        "newerPosts": "Neuere Beiträge",
        "olderPosts": "Ältere Beiträge",
        "pageOf": "Seite %d von %d",
        "taggedHeading": "Verschlagwortet mit „%@“",
        "readingTime": "%d Min. Lesezeit",
        "archiveHeading": "Archiv",

        // Article
        "updated": "Aktualisiert am",
        "imageSource": "Quelle",
        "morePosts": "Weitere Beiträge",
        "previousPost": "Vorheriger Beitrag",
        "nextPost": "Nächster Beitrag",

        // Comments
        "commentCountZero": "Keine Kommentare",
        "commentCountOne": "1 Kommentar",
        "commentCountMany": "%d Kommentare",
        "addComment": "Kommentar schreiben",
        "reply": "Antworten",
        "replyPreposition": "auf den Kommentar von",
        "replyingTo": "Antwort an %@",
        "replyingToLabel": "Antwort an",
        "cancelReply": "Antwort abbrechen",
        "commentRemoved": "Dieser Kommentar wurde entfernt.",
        "anonymous": "Anonym",
        "awaitingModeration": "Danke! Dein Kommentar wartet auf Freischaltung.",
        "commentsClosed": "Die Kommentare zu diesem Beitrag sind geschlossen.",

        // Comment form
        "leaveReply": "Schreibe einen Kommentar",
        "emailNote": "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "name": "Name",
        "email": "E-Mail",
        "emailHint": "Nur für die Moderation. Wird niemandem angezeigt.",
        "website": "Website",
        "comment": "Kommentar",
        "honeypotLabel": "Dieses Feld bitte leer lassen (es ist eine Falle für Spam-Roboter)",
        "rememberMe": "Auf diesem Gerät merken",
        "rememberHint": "Speichert Name, E-Mail und Website nur in diesem Browser.",
        "postComment": "Kommentar abschicken",
        "errorPrefix": "Fehler:",
        "errorSummaryHeading": "Bitte prüfe deine Eingaben",

        // Validation messages
        "errNameRequired": "Gib deinen Namen ein.",
        "errNameTooLong": "Dein Name darf höchstens 100 Zeichen lang sein.",
        "errNameInvalid": "Dein Name enthält Zeichen, die nicht erlaubt sind (Steuerzeichen).",
        "errEmailRequired": "Gib deine E-Mail-Adresse ein.",
        "errEmailTooLong": "Deine E-Mail-Adresse darf höchstens 254 Zeichen lang sein.",
        "errEmailInvalid": "Gib eine E-Mail-Adresse in der Form name@example.com ein.",
        "errWebsiteInvalid": "Gib eine Website-Adresse ein, die mit http:// oder https:// beginnt.",
        "errWebsiteTooLong": "Die Website-Adresse darf höchstens 200 Zeichen lang sein.",
        "errBodyRequired": "Schreib einen Kommentar.",
        "errBodyTooLong": "Dein Kommentar darf höchstens 10.000 Zeichen lang sein.",
        "errParentInvalid": "Auf diesen Kommentar kannst du nicht antworten. Vielleicht wurde er entfernt.",
        "errParentTooDeep": "Diese Unterhaltung ist zu tief verschachtelt. Antworte bitte weiter oben im Verlauf.",
        "errDuplicate": "Diesen Kommentar hast du bereits abgeschickt.",
        "errRateLimited": "Du kommentierst gerade sehr schnell. Bitte warte eine Minute und versuche es dann noch einmal.",
        "errCommentsClosed": "Die Kommentare zu diesem Beitrag sind geschlossen.",

        // Search
        "searchHeading": "Suche",
        "searchResultsOne": "1 Treffer",
        "searchResultsMany": "%d Treffer",
        "searchNoResults": "Nichts gefunden. Versuche es mit weniger oder anderen Wörtern.",
        "searchEmpty": "Bitte gib einen Suchbegriff ein.",
        "searchInvalid": "Deine Suche konnte nicht verstanden werden. Versuche es mit anderen Wörtern.",

        // Error pages
        "errorLabel": "Fehler",
        "backHome": "Zurück zur Startseite",
        "notFoundHeading": "Seite nicht gefunden",
        "notFoundMessage": "Unter dieser Adresse gibt es nichts. Vielleicht ist die Seite umgezogen oder der Link enthält einen Tippfehler.",
        "serverErrorHeading": "Etwas ist schiefgelaufen",
        "serverErrorMessage": "Der Server konnte deine Anfrage nicht abschließen. Bitte versuche es gleich noch einmal.",
        "genericErrorHeading": "Diese Anfrage konnte nicht ausgeführt werden",
        "genericErrorMessage": "Bitte geh zurück und versuche es noch einmal.",
    ]
}
