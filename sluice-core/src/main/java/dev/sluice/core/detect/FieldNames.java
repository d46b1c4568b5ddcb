package dev.sluice.core.detect;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a field (or query parameter) name says about its value.
 *
 * <p>A key is normalised before it is read: diacritics dropped ({@code téléphone} → {@code
 * telephone}, {@code ß} → {@code ss}), split into lower-case words at separators ({@code _ - . $}
 * and space), camelCase humps and letter/digit boundaries; trailing noise words ({@code line1},
 * {@code hash}, {@code value}, ...) are dropped. Then the whole name, its last two or three words
 * joined ({@code phone_number}, {@code date_of_birth}) and finally its last word (the head noun:
 * {@code billing_email} → email, {@code email_verified} → nothing) are looked up.
 *
 * <p>Ambiguous names, decided here and documented in docs/taxonomy.md:
 *
 * <ul>
 *   <li>a bare {@code name} is not classified (page, event, product, company names); {@code
 *       first_name}, {@code full_name}, {@code customer_name}, Mixpanel's {@code $name} and Segment's
 *       {@code traits.name} are person names; {@code user_name}/{@code username} is an online id;
 *   <li>{@code zip}, {@code postcode}, {@code postal_code} are part of a street address;
 *   <li>a bare {@code code} (promo, error, country codes) and {@code state} are not classified; the
 *       URL scanner treats {@code code} and {@code state} as secrets in OAuth callbacks only;
 *   <li>{@code long} alone is not a longitude (a type name far more often); {@code lon}, {@code lng}
 *       and {@code longitude} are;
 *   <li>push tokens ({@code push_token}, {@code fcm_token}, {@code device_token}) are device ids,
 *       other {@code *_token} names are secrets, except pagination tokens ({@code next_token});
 *   <li>{@code session_id} is an online id (analytics session ids are counters, not credentials);
 *       {@code jsessionid}/{@code phpsessid} cookies are secrets;
 *   <li>{@code birth_year} counts as a date of birth; {@code security_code}/{@code cvv} as card data.
 * </ul>
 *
 * <p>Thread-safe; results are cached per key (bounded).
 */
public final class FieldNames {
  private static final int CACHE_LIMIT = 16_384;
  private static final Object NONE = new Object();
  private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

  /** Whole names (all words joined), and the last two or three words joined. */
  private static final Map<String, Category> JOINED = new HashMap<>();

  /** The last word alone. */
  private static final Map<String, Category> HEAD = new HashMap<>();

  private static final Set<String> NOISE =
      Set.of("line", "hash", "hashed", "sha256", "sha1", "md5", "raw", "value", "str", "string",
          "text", "field", "input", "plain", "plaintext", "encrypted", "enc");

  private static final Set<String> FLAG_PREFIXES =
      Set.of("is", "has", "can", "should", "allow", "allows", "enable", "enabled", "show", "use",
          "uses", "needs", "require", "requires", "num", "count", "total", "max", "min");

  private static final Set<String> PERSON_MODIFIERS =
      Set.of("first", "last", "full", "given", "family", "middle", "maiden", "sur", "customer",
          "contact", "person", "billing", "shipping", "cardholder", "holder", "recipient", "display",
          "real", "legal", "owner", "sender", "patient", "member", "parent", "guardian", "traits",
          "client", "buyer", "applicant", "employee", "student", "passenger", "guest", "account",
          "nick", "birth", "spouse", "emergency", "beneficiary", "payer", "payee", "receiver",
          "addressee", "attendee", "author", "signer", "subscriber", "visitor", "caller");

  private static final Set<String> ONLINE_ID_MODIFIERS =
      Set.of("user", "anonymous", "anon", "distinct", "customer", "visitor", "member", "account",
          "profile", "person", "contact", "external", "previous", "client", "session", "login",
          "subscriber", "player", "patient", "lead", "learner", "student", "employee", "buyer",
          "shopper", "guest", "fan", "viewer", "actor", "identity", "cookie", "tracking", "uid");

  private static final Set<String> DEVICE_ID_MODIFIERS =
      Set.of("device", "advertising", "ad", "ads", "android", "hardware", "install", "installation",
          "instance", "push", "registration", "idfa", "idfv", "vendor", "imei", "udid", "serial",
          "machine", "hw");

  private static final Set<String> NOT_STREET_MODIFIERS =
      Set.of("wallet", "contract", "crypto", "bitcoin", "btc", "eth", "ethereum", "web", "url",
          "server", "host", "node", "public", "network", "memory", "base", "return", "reply",
          "sender", "from", "to", "cc", "bcc", "smart", "token", "pool", "bind", "listen", "proxy",
          "gateway", "broadcast", "multicast", "peer", "local", "link", "remote");

  private static final Set<String> SECRET_CODE_MODIFIERS =
      Set.of("auth", "authorization", "verification", "verify", "otp", "reset", "recovery",
          "confirmation", "confirm", "login", "mfa", "2fa", "twofa", "sms", "access", "activation",
          "invite", "invitation", "pin", "one", "magic", "unlock", "backup", "oauth");

  private static final Set<String> NOT_SECRET_TOKEN_MODIFIERS =
      Set.of("page", "next", "pagination", "continuation", "cursor", "sync", "idempotency", "max",
          "input", "output", "prompt", "completion", "total", "used", "design", "color", "colour");

  private static final Set<String> SECRET_KEY_MODIFIERS =
      Set.of("api", "secret", "private", "access", "auth", "encryption", "signing", "master",
          "client", "app", "license", "licence", "session", "ssh", "gpg", "pgp", "consumer",
          "webhook", "service", "subscription", "admin", "integration", "shared", "hmac", "sk",
          "stripe", "aws", "openai", "write", "read");

  static {
    joined(Category.EMAIL, "email", "mail", "emailaddress", "mailaddress", "emailaddr", "emails",
        "courriel", "adressecourriel", "correo", "correoelectronico", "adresseemail", "adressemail",
        "emailadresse", "mailadresse", "emailadres", "mailadres", "epost", "eposta",
        "postaelettronica", "indirizzoemail", "enderecodeemail", "enderecoemail", "useremail");
    joined(Category.PHONE, "phone", "phonenumber", "phoneno", "phonenum", "telephone",
        "telephonenumber", "tel", "telno", "telefon", "telefonnummer", "telefono", "telefone",
        "telefoon", "telefoonnummer", "rufnummer", "handynummer", "mobilnummer", "mobile",
        "mobilephone", "mobilenumber", "mobileno", "cell", "cellphone", "cellnumber", "cellular",
        "celular", "movil", "telemovel", "cellulare", "numerotelephone", "numerodetelephone",
        "numerodetelefono", "numerotelefono", "numerodetelefone", "numerotelefone", "portable",
        "gsm", "msisdn", "fax", "whatsapp", "contactnumber", "mobiel", "numerocellulare");
    joined(Category.PERSON_NAME, "firstname", "lastname", "fullname", "givenname", "familyname",
        "surname", "middlename", "maidenname", "fname", "lname", "displayname", "realname",
        "legalname", "contactname", "customername", "cardholdername", "cardholder", "holdername",
        "billingname", "shippingname", "recipientname", "nom", "prenom", "nomdefamille",
        "nomcomplet", "nombre", "nombres", "apellido", "apellidos", "nombrecompleto",
        "primernombre", "segundonombre", "nome", "cognome", "nomecompleto", "sobrenome",
        "primeironome", "vorname", "nachname", "familienname", "vollername", "voornaam",
        "achternaam", "naam", "volledigenaam", "forename", "forenames", "personname");
    joined(Category.STREET_ADDRESS, "address", "streetaddress", "street", "addressline",
        "homeaddress", "billingaddress", "shippingaddress", "mailingaddress", "postaladdress",
        "deliveryaddress", "residentialaddress", "zip", "zipcode", "postcode", "postalcode",
        "plz", "postleitzahl", "codepostal", "codigopostal", "cep", "adresse", "anschrift",
        "strasse", "hausnummer", "housenumber", "streetnumber", "streetname", "direccion",
        "domicilio", "calle", "indirizzo", "endereco", "morada", "logradouro", "adres", "straat",
        "huisnummer", "postnummer", "postnr", "addr", "address1", "address2");
    joined(Category.DATE_OF_BIRTH, "dob", "birthdate", "birthday", "dateofbirth", "birthdt",
        "birthyear", "yearofbirth", "geburtsdatum", "geburtstag", "datedenaissance",
        "datenaissance", "fechadenacimiento", "fechanacimiento", "fechanac", "datadinascita",
        "datanascita", "datadenascimento", "datanascimento", "geboortedatum", "cumpleanos",
        "birthdaydate", "bday");
    joined(Category.PRECISE_LOCATION, "lat", "lng", "lon", "latitude", "longitude", "latlng",
        "latlon", "latlong", "geo", "geolocation", "coordinates", "coords", "geopoint", "gps",
        "gpslocation", "breitengrad", "laengengrad", "langengrad", "latitud", "longitud",
        "latitudine", "longitudine", "breedtegraad", "lengtegraad", "geocoordinates");
    joined(Category.IP_ADDRESS, "ip", "ipaddress", "ipaddr", "ipv4", "ipv6", "clientip",
        "remoteip", "remoteaddr", "remoteaddress", "userip", "xforwardedfor", "forwardedfor",
        "xrealip", "realip", "ipadresse", "ipadres", "sourceip", "originip", "visitorip");
    joined(Category.MAC_ADDRESS, "mac", "macaddress", "macaddr", "bssid", "wifimac",
        "bluetoothmac", "hwaddr", "hardwareaddress");
    joined(Category.US_SSN, "ssn", "socialsecuritynumber", "socialsecurity", "socialsecurityno",
        "ssnumber", "usssn", "socsecnum");
    joined(Category.IBAN, "iban", "ibannumber", "bankaccountiban", "ibancode");
    joined(Category.PAYMENT_CARD, "card", "cardnumber", "ccnumber", "ccnum", "ccno", "creditcard",
        "creditcardnumber", "debitcard", "debitcardnumber", "cardno", "cardnum", "cvv", "cvc",
        "cvv2", "cvc2", "csc", "securitycode", "cardsecuritycode", "cardverificationcode",
        "kreditkarte", "kreditkartennummer", "kartennummer", "numerodecarte", "numerocarte",
        "numerotarjeta", "numerodetarjeta", "tarjeta", "tarjetadecredito", "cartao",
        "numerocartao", "numerodocartao", "numerocarta", "cartadicredito", "primaryaccountnumber");
    joined(Category.SECRET, "password", "passwd", "pwd", "pass", "passphrase", "passcode",
        "secret", "clientsecret", "apisecret", "token", "accesstoken", "refreshtoken", "idtoken",
        "authtoken", "sessiontoken", "csrftoken", "xsrftoken", "csrf", "xsrf", "apikey",
        "apitoken", "privatekey", "secretkey", "accesskey", "authorization", "auth",
        "credentials", "credential", "cookie", "setcookie", "cookies", "otp", "pin", "pincode",
        "signature", "sig", "xamzsignature", "xamzcredential", "xamzsecuritytoken",
        "jsessionid", "phpsessid", "aspnetsessionid", "connectsid", "passwort", "kennwort",
        "motdepasse", "contrasena", "clave", "senha", "wachtwoord", "jeton", "bearer",
        "proxyauthorization", "xapikey", "oauthtoken", "oauthverifier", "samlresponse");
    joined(Category.ONLINE_ID, "userid", "uid", "anonymousid", "anonid", "distinctid",
        "customerid", "clientid", "cid", "visitorid", "memberid", "accountid", "profileid",
        "personid", "contactid", "externalid", "previousid", "username", "login", "loginid",
        "screenname", "sessionid", "gclid", "fbclid", "msclkid", "ttclid", "dclid", "wbraid",
        "gbraid", "fbp", "fbc", "yclid", "twclid", "lifid", "mcid", "mceid", "subscriberid",
        "benutzername", "benutzerid", "nomutilisateur", "nombredeusuario", "nomeutente",
        "gebruikersnaam", "usuario", "utilisateur", "utente", "gebruiker", "nutzer");
    joined(Category.DEVICE_ID, "deviceid", "advertisingid", "idfa", "idfv", "gaid", "adid",
        "aaid", "oaid", "ifa", "androidid", "imei", "meid", "udid", "pushtoken", "devicetoken",
        "fcmtoken", "apnstoken", "gcmtoken", "registrationtoken", "firebasetoken",
        "appinstanceid", "installationid", "installid", "hardwareid", "deviceserial",
        "serialnumber", "advertiserid", "googleadid");
    joined(Category.USER_AGENT, "useragent", "ua", "httpuseragent", "useragentstring", "uastring");

    head(Category.EMAIL, "email", "mail", "emails", "courriel", "correo", "emailaddress");
    head(Category.PHONE, "phone", "phones", "telephone", "tel", "telefon", "telefono", "telefone",
        "telefoon", "mobile", "fax", "msisdn", "whatsapp", "phonenumber", "cellphone", "celular",
        "movil", "handynummer", "telefonnummer", "rufnummer");
    head(Category.US_SSN, "ssn");
    head(Category.IBAN, "iban");
    head(Category.SECRET, "password", "passwd", "pwd", "passphrase", "passcode", "passwort",
        "kennwort", "contrasena", "senha", "wachtwoord", "motdepasse", "secret", "secrets",
        "authorization", "credentials", "credential", "cookie", "otp", "signature", "apikey",
        "accesstoken", "refreshtoken", "idtoken", "authtoken", "clientsecret");
    head(Category.DATE_OF_BIRTH, "dob", "birthday", "birthdate", "geburtsdatum", "dateofbirth");
    head(Category.PRECISE_LOCATION, "lat", "lng", "lon", "latitude", "longitude", "latlng",
        "latlon", "geolocation", "coordinates", "coords", "geopoint");
    head(Category.IP_ADDRESS, "ip", "ipv4", "ipv6", "ips", "ipaddress");
    head(Category.MAC_ADDRESS, "mac", "bssid", "macaddress");
    head(Category.DEVICE_ID, "idfa", "idfv", "gaid", "adid", "imei", "udid", "deviceid",
        "advertisingid");
    head(Category.ONLINE_ID, "userid", "anonymousid", "distinctid", "username", "gclid", "fbclid");
    head(Category.STREET_ADDRESS, "zip", "zipcode", "postcode", "postalcode", "plz", "street",
        "streetaddress", "adresse", "anschrift", "direccion", "indirizzo", "endereco");
    head(Category.PERSON_NAME, "surname", "firstname", "lastname", "fullname", "vorname",
        "nachname", "apellido", "apellidos", "cognome", "sobrenome", "prenom", "givenname",
        "familyname", "voornaam", "achternaam");
    head(Category.PAYMENT_CARD, "card", "cvv", "cvc", "cardnumber", "creditcard", "ccnumber");
    head(Category.USER_AGENT, "useragent", "ua");
  }

  private static void joined(Category c, String... words) {
    for (String w : words) {
      Category prev = JOINED.put(w, c);
      if (prev != null && prev != c) {
        throw new IllegalStateException("field name " + w + " in two categories");
      }
    }
  }

  private static void head(Category c, String... words) {
    for (String w : words) {
      HEAD.put(w, c);
    }
  }

  private FieldNames() {}

  /** The category a field or parameter name implies, or null when the name says nothing. */
  public static Category classify(String key) {
    if (key == null || key.isEmpty() || key.length() > 256) {
      return null;
    }
    Object cached = CACHE.get(key);
    if (cached != null) {
      return cached == NONE ? null : (Category) cached;
    }
    Category c = compute(key);
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(key, c == null ? NONE : c);
    }
    return c;
  }

  /** Whether the name is a password (any value of 4+ characters is then a secret). */
  static boolean passwordLike(String key) {
    List<String> words = words(key);
    for (String w : words) {
      if (w.startsWith("pass") || w.equals("pwd") || w.equals("passwort") || w.equals("kennwort")
          || w.equals("contrasena") || w.equals("senha") || w.equals("wachtwoord")
          || w.equals("motdepasse") || w.equals("pin")) {
        return true;
      }
    }
    String joined = String.join("", words);
    return joined.contains("password") || joined.equals("motdepasse");
  }

  private static Category compute(String key) {
    List<String> w = words(key);
    int n = w.size();
    while (n > 1 && (NOISE.contains(w.get(n - 1)) || digits(w.get(n - 1)))) {
      n--;
    }
    if (n == 0 || (n == 1 && digits(w.get(0)))) {
      return null;
    }
    if (n >= 2 && FLAG_PREFIXES.contains(w.get(0))) {
      return null; // is_mobile, has_email: flags about the data, not the data
    }
    if (n == 1 && w.get(0).equals("name") && key.strip().startsWith("$")) {
      return Category.PERSON_NAME; // Mixpanel's reserved $name: the profile's full name
    }
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < n; i++) {
      all.append(w.get(i));
    }
    Category c = JOINED.get(all.toString());
    if (c != null) {
      return c;
    }
    if (n >= 3) {
      c = JOINED.get(w.get(n - 3) + w.get(n - 2) + w.get(n - 1));
      if (c != null) {
        return c;
      }
    }
    String head = w.get(n - 1);
    String mod = n >= 2 ? w.get(n - 2) : null;
    if (n >= 2) {
      c = JOINED.get(mod + head);
      if (c != null && !(c == Category.SECRET && NOT_SECRET_TOKEN_MODIFIERS.contains(mod))) {
        return c;
      }
    }
    switch (head) {
      case "name", "names", "nombre", "nome", "naam" -> {
        if (mod == null) {
          return null;
        }
        if (mod.equals("user") || mod.equals("screen") || mod.equals("login")) {
          return Category.ONLINE_ID;
        }
        return PERSON_MODIFIERS.contains(mod) ? Category.PERSON_NAME : null;
      }
      case "id", "ids", "identifier", "guid", "uuid" -> {
        if (mod == null) {
          return null;
        }
        if (DEVICE_ID_MODIFIERS.contains(mod)) {
          return Category.DEVICE_ID;
        }
        return ONLINE_ID_MODIFIERS.contains(mod) ? Category.ONLINE_ID : null;
      }
      case "address", "addr", "adresse", "adres", "direccion", "indirizzo", "endereco" -> {
        if (mod == null) {
          return Category.STREET_ADDRESS;
        }
        if (mod.equals("email") || mod.equals("mail") || mod.equals("e")) {
          return Category.EMAIL;
        }
        if (mod.equals("ip") || mod.equals("remote") || mod.equals("client")) {
          return Category.IP_ADDRESS;
        }
        if (mod.equals("mac") || mod.equals("hardware") || mod.equals("bluetooth")
            || mod.equals("wifi") || mod.equals("ethernet")) {
          return Category.MAC_ADDRESS;
        }
        return NOT_STREET_MODIFIERS.contains(mod) ? null : Category.STREET_ADDRESS;
      }
      case "number", "num", "no", "nr", "nummer", "numero" -> {
        if (mod == null) {
          return null;
        }
        return switch (mod) {
          case "phone", "mobile", "tel", "telephone", "cell", "fax", "contact", "telefon",
              "handy", "whatsapp", "telefono", "sms" -> Category.PHONE;
          case "card", "cc", "credit", "debit", "kreditkarten", "karten" -> Category.PAYMENT_CARD;
          case "ssn", "social", "security" -> Category.US_SSN;
          case "iban" -> Category.IBAN;
          default -> null;
        };
      }
      case "token", "jwt" -> {
        if (mod != null
            && (DEVICE_ID_MODIFIERS.contains(mod) || mod.equals("fcm") || mod.equals("apns")
                || mod.equals("gcm") || mod.equals("firebase"))) {
          return Category.DEVICE_ID;
        }
        if (mod != null && NOT_SECRET_TOKEN_MODIFIERS.contains(mod)) {
          return null;
        }
        return Category.SECRET;
      }
      case "key", "keys" -> {
        return mod != null && SECRET_KEY_MODIFIERS.contains(mod) ? Category.SECRET : null;
      }
      case "code", "codes" -> {
        if (mod == null) {
          return null;
        }
        if (mod.equals("postal") || mod.equals("zip") || mod.equals("post") || mod.equals("postcode")) {
          return Category.STREET_ADDRESS;
        }
        if (mod.equals("security") || mod.equals("cvv") || mod.equals("card")) {
          return Category.PAYMENT_CARD;
        }
        return SECRET_CODE_MODIFIERS.contains(mod) ? Category.SECRET : null;
      }
      case "date", "day", "datum", "fecha", "data", "year", "dt" -> {
        return "birth".equals(mod) || "geburts".equals(mod) ? Category.DATE_OF_BIRTH : null;
      }
      case "agent" -> {
        return "user".equals(mod) ? Category.USER_AGENT : null;
      }
      default -> {
        return HEAD.get(head);
      }
    }
  }

  private static boolean digits(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (!Chars.digit(w.charAt(i))) {
        return false;
      }
    }
    return !w.isEmpty();
  }

  /** Lower-case words of a key: split at separators, camelCase humps and letter/digit changes. */
  static List<String> words(String key) {
    String k = key;
    boolean ascii = true;
    for (int i = 0; i < k.length() && ascii; i++) {
      ascii = k.charAt(i) < 128;
    }
    if (!ascii) {
      k = foldDiacritics(k);
    }
    List<String> out = new ArrayList<>(4);
    StringBuilder cur = new StringBuilder();
    int n = k.length();
    for (int i = 0; i < n; i++) {
      char c = k.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(cur, out);
        continue;
      }
      if (cur.length() > 0) {
        char p = k.charAt(i - 1);
        boolean hump = Character.isLowerCase(p) && Character.isUpperCase(c);
        boolean acronymEnd = Character.isUpperCase(p) && Character.isUpperCase(c) && i + 1 < n
            && Character.isLowerCase(k.charAt(i + 1));
        boolean digitChange = Character.isDigit(p) != Character.isDigit(c);
        if (hump || acronymEnd || digitChange) {
          flush(cur, out);
        }
      }
      cur.append(Character.toLowerCase(c));
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  static String foldDiacritics(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (c == 'ß') {
        b.append("ss");
      } else if (c == 'ø' || c == 'Ø') {
        b.append(c == 'ø' ? 'o' : 'O');
      } else if (c == 'ł' || c == 'Ł') {
        b.append(c == 'ł' ? 'l' : 'L');
      } else if (c == 'ı') {
        b.append('i');
      } else {
        b.append(c);
      }
    }
    return Normalizer.normalize(b, Normalizer.Form.NFC);
  }
}
