import Mustache

/// The desk's UI strings, per language (`site.language`). Templates read them as `t.KEY`.
enum AdminStrings {
    static let keys = english.keys.sorted()

    static let english: [String: String] = [
        "admin": "Admin",
        "skipToContent": "Skip to content",
        "adminNavigation": "Admin",
        "dashboard": "Dashboard",
        "viewSite": "View site",
        "signedInAs": "Signed in as",
        "signOut": "Sign out",
        "signOutEverywhere": "Sign out everywhere",
        "signOutEverywhereHint": "Ends every session of your account, on every device, this one included.",
        "darkMode": "Dark mode",
        "lightMode": "Light mode",
        "roleOwner": "Owner",
        "roleEditor": "Editor",
        "roleModerator": "Moderator",

        "signInTitle": "Sign in",
        "signInIntro": "Sign in to write, publish and moderate.",
        "email": "Email",
        "password": "Password",
        "signInButton": "Sign in",
        "errorSummaryHeading": "There is a problem",
        "signInRefused": "The email address or the password is wrong.",
        "signInThrottled": "Too many failed attempts. Wait %d seconds, then try again.",
        "signInMissing": "Enter your email address and your password.",
        "signedOut": "You are signed out.",
        "signInAgain": "Your session has ended. Please sign in again.",

        "pendingHeading": "Awaiting moderation",
        "pendingNone": "No comment is waiting.",
        "recentHeading": "Recent comments",
        "recentNone": "No comments yet.",
        "draftsHeading": "Drafts",
        "draftsNone": "No drafts.",
        "figuresHeading": "At a glance",
        "figurePending": "Comments waiting",
        "figurePublished": "Published articles",
        "figureDrafts": "Drafts",
        "figureDatabase": "Database size",
        "figureCache": "Page cache hits",
        "figureCacheOff": "off",
        "figureCacheEmpty": "no requests yet",
        "commentOn": "on",
        "statusPending": "waiting",
        "statusApproved": "published",
        "statusSpam": "spam",
        "statusDeleted": "deleted",
        "edited": "edited",

        "errorLabel": "Error",
        "forbiddenHeading": "This form was not accepted",
        "forbiddenMessage": "It has expired or it was sent from another site. Go back, reload the page and try again.",
        "notFoundHeading": "Not found",
        "notFoundMessage": "There is nothing at this address in the admin.",
        "errorHeading": "Something went wrong",
        "errorMessage": "Please try again in a moment.",
        "backToDashboard": "Back to the dashboard",
    ]

    static let german: [String: String] = [
        "admin": "Verwaltung",
        "skipToContent": "Zum Inhalt springen",
        "adminNavigation": "Verwaltung",
        "dashboard": "Übersicht",
        "viewSite": "Zur Website",
        "signedInAs": "Angemeldet als",
        "signOut": "Abmelden",
        "signOutEverywhere": "Überall abmelden",
        "signOutEverywhereHint": "Beendet jede Sitzung deines Kontos auf jedem Gerät, auch diese.",
        "darkMode": "Dunkler Modus",
        "lightMode": "Heller Modus",
        "roleOwner": "Inhaber",
        "roleEditor": "Redaktion",
        "roleModerator": "Moderation",

        "signInTitle": "Anmelden",
        "signInIntro": "Melde dich an, um zu schreiben, zu veröffentlichen und zu moderieren.",
        "email": "E-Mail",
        "password": "Passwort",
        "signInButton": "Anmelden",
        "errorSummaryHeading": "Es gibt ein Problem",
        "signInRefused": "E-Mail-Adresse oder Passwort ist falsch.",
        "signInThrottled": "Zu viele Fehlversuche. Warte %d Sekunden und versuche es dann erneut.",
        "signInMissing": "Gib deine E-Mail-Adresse und dein Passwort ein.",
        "signedOut": "Du bist abgemeldet.",
        "signInAgain": "Deine Sitzung ist abgelaufen. Bitte melde dich erneut an.",

        "pendingHeading": "Warten auf Freischaltung",
        "pendingNone": "Kein Kommentar wartet.",
        "recentHeading": "Neueste Kommentare",
        "recentNone": "Noch keine Kommentare.",
        "draftsHeading": "Entwürfe",
        "draftsNone": "Keine Entwürfe.",
        "figuresHeading": "Auf einen Blick",
        "figurePending": "Wartende Kommentare",
        "figurePublished": "Veröffentlichte Beiträge",
        "figureDrafts": "Entwürfe",
        "figureDatabase": "Größe der Datenbank",
        "figureCache": "Treffer im Seitencache",
        "figureCacheOff": "aus",
        "figureCacheEmpty": "noch keine Anfragen",
        "commentOn": "zu",
        "statusPending": "wartet",
        "statusApproved": "veröffentlicht",
        "statusSpam": "Spam",
        "statusDeleted": "gelöscht",
        "edited": "bearbeitet",

        "errorLabel": "Fehler",
        "forbiddenHeading": "Dieses Formular wurde nicht angenommen",
        "forbiddenMessage": "Es ist abgelaufen oder wurde von einer anderen Website gesendet. Geh zurück, lade die Seite neu und versuche es erneut.",
        "notFoundHeading": "Nicht gefunden",
        "notFoundMessage": "Unter dieser Adresse gibt es in der Verwaltung nichts.",
        "errorHeading": "Etwas ist schiefgelaufen",
        "errorMessage": "Bitte versuche es gleich noch einmal.",
        "backToDashboard": "Zurück zur Übersicht",
    ]
}

/// The strings as `t.KEY`, one field per key, the same for both languages.
final class AdminStringsView: TemplateObject, Sendable {
    let values: [String]

    init(_ strings: [String: String]) {
        values = AdminStrings.keys.map { strings[$0] ?? $0 }
    }

    static let templateFields: [TemplateField<AdminStringsView>] = AdminStrings.keys.enumerated().map { index, key in
        .text(key) { $0.values[index] }
    }
}
