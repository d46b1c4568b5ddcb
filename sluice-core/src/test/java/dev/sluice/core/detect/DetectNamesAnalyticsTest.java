package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ordinary analytics strings (event names, page titles, UI labels, product and plan names,
 * colours, cities, countries, months, days, holidays, streets, landmarks) that hold no person
 * name: the bigger name lists must not turn them into findings. Brands and titles named after
 * people ("Michael Kors", "Harry Potter") are left out on purpose: they are names in form and
 * reported as such (docs/taxonomy.md, known limits).
 */
class DetectNamesAnalyticsTest {
  private static final TextScanner SCANNER = new TextScanner();

  /** One string per line. */
  private static final String STRINGS = """
        Order Completed
        Order Updated
        Order Refunded
        Order Cancelled
        Checkout Started
        Checkout Step Viewed
        Checkout Step Completed
        Payment Info Entered
        Product Viewed
        Product Clicked
        Product Added
        Product Removed
        Product List Viewed
        Product List Filtered
        Products Searched
        Promotion Viewed
        Promotion Clicked
        Cart Viewed
        Cart Shared
        Coupon Entered
        Coupon Applied
        Coupon Denied
        Wishlist Product Added
        Product Shared
        Product Reviewed
        Sign Up
        Sign In
        Signed Up
        Signed Out
        Log In
        Logged In
        Account Created
        Account Deleted
        Trial Started
        Trial Ended
        Subscription Started
        Subscription Cancelled
        Invite Sent
        Invite Accepted
        Password Reset Requested
        Email Verified
        Button Clicked
        Form Submitted
        Feature Used
        Video Playback Started
        Video Playback Paused
        Video Content Playing
        Application Opened
        Application Installed
        Application Backgrounded
        Push Notification Received
        Deep Link Opened
        Add To Cart
        Add to Wishlist
        Remove From Cart
        Continue Shopping
        Proceed to Checkout
        Place Order
        Track Order
        Contact Us
        About Us
        Help Center
        Terms of Service
        Privacy Policy
        Home Page
        Landing Page
        Pricing Page
        Order History
        Product Detail
        Order Confirmation
        Thank You
        Your cart
        Welcome back
        Getting Started
        Dark Mode Enabled
        Notifications Enabled
        Settings Updated
        Profile Updated
        Search Results
        No Results Found
        Page Not Found
        Acme Outfitters — Home
        Pricing | Acme
        Trail Runner 2 | Acme Outfitters
        Merino Hoodie | Acme Outfitters
        How we ship faster — Acme blog
        Trail Runner 2
        Merino Hoodie
        Canvas Tote
        Rain Shell Jacket
        Wool Socks (3-pack)
        Insulated Bottle 750ml
        Packable Down Vest
        Everyday Backpack 24L
        Linen Shirt
        Thermal Leggings
        Rose Gold iPhone 15 Pro
        Air Jordan 1 Retro High
        Jordan Brand Hoodie
        Nike Air Max 90
        Apple Watch Series 9
        Samsung Galaxy S24
        Google Pixel 8
        MacBook Pro 14
        Amazon Echo Dot
        King Size Bed
        Queen Size Duvet
        Long Sleeve Tee
        White Sneakers
        Black Friday Sale
        Cyber Monday Deals
        Summer Sale
        Winter Collection
        Spring Collection
        Autumn Sale
        Fall Favorites
        May Sale
        June Newsletter
        April Showers Sale
        August Back to School
        March Madness
        Will you join?
        Will Call Pickup
        Mark as read
        Mark All Read
        Grace Period ends soon
        Hope you enjoyed it
        Joy of Cooking
        Faith Over Fear Tee
        Young Adult Fiction
        Long Island delivery
        White House tour
        We shipped to Jordan last week
        Jordan
        Ships to Jordan
        Jordan Valley Tour
        Visit Jordan
        Flights to Paris
        Paris
        London
        Berlin
        Madrid
        Rome
        Sydney
        Melbourne
        Austin
        Dallas
        Houston
        Phoenix
        Denver
        Boston
        Chicago
        Seattle
        Portland
        Charlotte
        Savannah
        Orlando
        Nashville
        Victoria
        Florence
        Georgia
        Virginia
        Carolina
        Washington
        Lincoln
        Jackson
        Madison
        Cleveland
        Kingston
        Hamilton
        Wellington
        Santiago
        Sofia
        Adelaide
        Alexandria
        San Francisco
        New York
        Los Angeles
        Las Vegas
        Salt Lake City
        St. Louis
        Saint Paul
        Fort Worth
        Mount Vernon
        Port Elizabeth
        Cape Town
        Rio de Janeiro
        Buenos Aires
        Hong Kong
        Shipping to San Francisco, CA
        Store: Austin, TX
        Delivered to Denver
        Pickup at Portland Store
        January
        February
        March
        April
        May
        June
        July
        August
        September
        October
        November
        December
        Monday
        Tuesday
        Wednesday
        Thursday
        Friday
        Saturday
        Sunday
        Christmas Gift Guide
        Easter Brunch
        Valentine's Day
        Mother's Day
        Father's Day
        Thanksgiving Dinner
        Halloween Costumes
        New Year's Eve
        Premium Plan
        Basic Plan
        Pro Plan
        Enterprise Plan
        Free Trial
        Starter Pack
        Gift Card
        Store Credit
        Loyalty Points
        Online Store
        Google Store
        Apple Pay
        Google Pay
        Credit Card
        Bank Transfer
        Cash on Delivery
        Standard Shipping
        Express Shipping
        Next Day Delivery
        Free Returns
        Best Seller
        New Arrivals
        Top Rated
        Most Popular
        Customer Reviews
        Frequently Bought Together
        Recently Viewed
        You May Also Like
        Related Products
        Sort By Price
        Filter By Brand
        Size Guide
        Color Blue
        Navy Blue
        Forest Green
        Ruby Red
        Ivory White
        Olive Drab
        Amber Glow
        Hazel Brown
        Violet Dusk
        Pearl Grey
        Crystal Clear
        Golden Hour
        Silver Lining
        Diamond Ring
        Sterling Silver Necklace
        Chase Sapphire Card
        Tesla Model 3
        Lincoln Navigator
        Jeep Cherokee
        Honda Civic
        Toyota Camry
        Windows 11
        Android 14
        iOS 17.2
        Chrome 120
        Safari 17
        Firefox 121
        Microsoft Edge
        Visual Studio Code
        Adobe Photoshop
        Spotify Premium
        Netflix Standard
        The Great Gatsby
        Pride and Prejudice
        Star Wars
        Presidents Day
        Memorial Day
        Labor Day
        Independence Day
        Victoria Day
        St. Patrick's Day
        Visit Smith Street
        Baker Street
        Abbey Road
        Oxford Street
        Fifth Avenue
        Main Street
        Market St
        High Street
        Hauptstraße
        Penny Lane
        Elm Street
        Washington Square
        Lincoln Center
        Madison Square Garden
        Rockefeller Center
        Central Park
        Golden Gate Bridge
        Grand Canyon
        Mount Rushmore
        Niagara Falls
        Yellowstone National Park
        Stanford University
        Harvard Business School
        Whole Foods Market
        Dollar General
        Home Depot
        Best Buy
        Walmart Supercenter
        Ray-Ban Wayfarer
        Lucky Brand
        Old Navy
        Banana Republic
        American Eagle
        Urban Outfitters
        Free People
        Anthropologie
        Bath & Body Works
        Clinique Moisturizer
        Peppa Pig
        Paw Patrol
        Captain America
        Iron Man
        Wonder Woman
        Black Panther
        Spider Man
        Domino's Pizza
        Chick-fil-A
        Dunkin Donuts
        Jack in the Box
        Little Caesars
        Ace Hardware
        Kroger
        Jordan 4 Retro
        Penguin Random House
        Paramount Pictures
        Universal Studios
        Coldplay Concert
      """;

  static Stream<String> analyticsStrings() {
    return STRINGS.lines().map(String::strip).filter(l -> !l.isEmpty());
  }

  private static List<String> names(String text) {
    return DetectData.show(text, SCANNER.scan(text, ScanHints.NONE).stream()
        .filter(s -> s.category() == Category.PERSON_NAME)
        .toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("analyticsStrings")
  void noNameInAnalyticsStrings(String text) {
    assertThat(names(text)).isEmpty();
    assertThat(names(text.toLowerCase(java.util.Locale.ROOT))).isEmpty(); // lower-case SDK events
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a given name alone in a sentence
        "Why is Ivan so impulsive?                    | Ivan",
        "Scott is a very sympathetic person.          | Scott",
        "Remember me, Nathan? When I left             | Nathan",
        // a family name as the subject of a verb, or after a verb of saying
        "It may be that Kaczmarek was influenced      | Kaczmarek",
        "the market is moving, says Becker.           | Becker",
        // greetings, speakers, "call me"
        "Hi Manlio, I'm contacting you about a parcel | Manlio",
        "Alexander: Who are you?                      | Alexander",
        "Sometimes people call me Csanád              | Csanád",
        "What's your last name? Magnusson             | Magnusson",
        // lower-case text
        "my name is lena andersson                    | lena andersson",
        "follow up with patricia desrosiers soon      | patricia desrosiers",
      })
  void namesInSentences(String text, String name) {
    assertThat(names(text.strip())).containsExactly("name<" + name.strip() + ">");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "We shipped to Jordan last week",
        "Will you join us?",
        "May we suggest a bigger size?",
        "Mark all as read",
        "Hope you enjoyed it",
        "Romeo and Juliet tickets",
        "Thomas and Sons is a design agency",
        "During 1971, Valentine-Murray invested heavily",
        "the order was shipped to Denver on Monday",
        "product viewed",
        "add to cart",
        "Paris is lovely in April",
      })
  void notNamesInSentences(String text) {
    assertThat(names(text)).isEmpty();
  }
}
