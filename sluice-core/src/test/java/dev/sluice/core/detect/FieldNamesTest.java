package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a field or query parameter name says about its value. */
class FieldNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "email, EMAIL", "$email, EMAIL", "user_email, EMAIL", "e-mail, EMAIL", "E_Mail, EMAIL",
    "mail, EMAIL", "emailAddress, EMAIL", "traits.email, EMAIL", "courriel, EMAIL", "correo, EMAIL",
    "correo_electronico, EMAIL", "email_hash, EMAIL",
    "phone, PHONE", "mobile, PHONE", "tel, PHONE", "cell, PHONE", "phoneNumber, PHONE",
    "billing_phone_number, PHONE", "telefon, PHONE", "telefono, PHONE", "teléfono, PHONE",
    "Téléphone, PHONE", "telefone, PHONE", "Handynummer, PHONE", "$phone, PHONE",
    "first_name, PERSON_NAME", "lastName, PERSON_NAME", "full_name, PERSON_NAME",
    "customer_name, PERSON_NAME", "$name, PERSON_NAME", "traits.name, PERSON_NAME",
    "surname, PERSON_NAME", "nachname, PERSON_NAME", "Vorname, PERSON_NAME", "nome, PERSON_NAME",
    "nombre, PERSON_NAME", "apellido, PERSON_NAME", "prénom, PERSON_NAME", "cognome, PERSON_NAME",
    "achternaam, PERSON_NAME",
    "address, STREET_ADDRESS", "street, STREET_ADDRESS", "shipping_address_line1, STREET_ADDRESS",
    "zip, STREET_ADDRESS", "zipCode, STREET_ADDRESS", "postcode, STREET_ADDRESS",
    "postal_code, STREET_ADDRESS", "adresse, STREET_ADDRESS", "dirección, STREET_ADDRESS",
    "plz, STREET_ADDRESS", "Straße, STREET_ADDRESS",
    "dob, DATE_OF_BIRTH", "birthdate, DATE_OF_BIRTH", "birthday, DATE_OF_BIRTH",
    "date_of_birth, DATE_OF_BIRTH", "dateOfBirth, DATE_OF_BIRTH", "geburtsdatum, DATE_OF_BIRTH",
    "fecha_nacimiento, DATE_OF_BIRTH", "fecha_de_nacimiento, DATE_OF_BIRTH",
    "data_nascita, DATE_OF_BIRTH", "date_de_naissance, DATE_OF_BIRTH", "birth_year, DATE_OF_BIRTH",
    "lat, PRECISE_LOCATION", "lng, PRECISE_LOCATION", "latitude, PRECISE_LOCATION",
    "longitude, PRECISE_LOCATION", "context.location.latitude, PRECISE_LOCATION",
    "ip, IP_ADDRESS", "ip_address, IP_ADDRESS", "IPAddress, IP_ADDRESS", "context.ip, IP_ADDRESS",
    "x-forwarded-for, IP_ADDRESS", "remote_addr, IP_ADDRESS",
    "ssn, US_SSN", "social_security_number, US_SSN",
    "password, SECRET", "passwd, SECRET", "pwd, SECRET", "secret, SECRET", "token, SECRET",
    "api_key, SECRET", "apikey, SECRET", "x-api-key, SECRET", "Authorization, SECRET",
    "auth, SECRET", "access_token, SECRET", "refresh_token, SECRET", "client_secret, SECRET",
    "id_token, SECRET", "csrf_token, SECRET", "auth_code, SECRET", "passwort, SECRET",
    "wachtwoord, SECRET", "contraseña, SECRET", "mot_de_passe, SECRET", "senha, SECRET",
    "jsessionid, SECRET",
    "userId, ONLINE_ID", "user_id, ONLINE_ID", "anonymousId, ONLINE_ID", "distinct_id, ONLINE_ID",
    "$distinct_id, ONLINE_ID", "username, ONLINE_ID", "customer_id, ONLINE_ID",
    "session_id, ONLINE_ID", "gclid, ONLINE_ID", "fbclid, ONLINE_ID",
    "deviceId, DEVICE_ID", "advertisingId, DEVICE_ID", "idfa, DEVICE_ID", "gaid, DEVICE_ID",
    "adid, DEVICE_ID", "context.device.id, DEVICE_ID", "push_token, DEVICE_ID",
    "userAgent, USER_AGENT", "user_agent, USER_AGENT", "HTTP_USER_AGENT, USER_AGENT",
    "mac, MAC_ADDRESS", "mac_address, MAC_ADDRESS", "bssid, MAC_ADDRESS",
    "iban, IBAN",
    "card, PAYMENT_CARD", "cc_number, PAYMENT_CARD", "card_number, PAYMENT_CARD",
    "creditCardNumber, PAYMENT_CARD", "cvv, PAYMENT_CARD", "security_code, PAYMENT_CARD",
  })
  void classifies(String key, Category expected) {
    assertThat(FieldNames.classify(key)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {
        "name", "page_name", "event_name", "product_name", "company_name", "code", "promo_code",
        "country_code", "state", "long", "email_verified", "has_email", "is_mobile", "phone_type",
        "token_type", "next_token", "card_type", "id", "order_id", "product_id", "city",
        "country", "url", "referrer", "title", "price", "currency", "category", "sku", "timestamp",
        "messageId", "wallet_address", "ip_country", "page", "key", "value", "",
      })
  void saysNothing(String key) {
    assertThat(FieldNames.classify(key)).isNull();
  }

  @Test
  void nullAndAbsurdKeys() {
    assertThat(FieldNames.classify(null)).isNull();
    assertThat(FieldNames.classify("x".repeat(10_000))).isNull();
  }
}
