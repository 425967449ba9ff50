// The demo store: one shop, a handful of customers at different stages, a few products.
export const DEMO_SHOP = {
  domain: "replyloop-demo.myshopify.com",
  name: "Northwind Outfitters",
  email: "owner@northwind.example",
  currency: "USD",
  timezone: "Europe/Berlin",
  address: ["Kastanienallee 12", "10435 Berlin", "Germany"],
  accessToken: "shpat_sandbox_demo_token",
};

/** A second store the agency manages: where a configuration exported from the first is imported. */
export const CLIENT_SHOP = {
  domain: "replyloop-demo-outlet.myshopify.com",
  name: "Northwind Outlet",
  email: "owner@outlet.northwind.example",
  currency: "USD",
  timezone: "Europe/Berlin",
  address: ["Lagerstraße 4", "20357 Hamburg", "Germany"],
  accessToken: "shpat_sandbox_outlet_token",
};

export const DEMO_PORTAL = { portalId: "62515", token: "pat-na1-sandbox-demo" };

/** The demo shop's Twilio account in the local Twilio stand-in, and the number texts come from. */
export const DEMO_TWILIO = {
  accountSid: "AC5a1dbc0e5a1dbc0e5a1dbc0e5a1dbc0e",
  authToken: "5a1dbc0e5a1dbc0e5a1dbc0e5a1dbc0e",
  number: "+15005550006",
};

export type DemoCustomer = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  marketingState: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED";
  /** As Shopify stores it (E.164), and the customer's SMS marketing consent. */
  phone: string;
  smsMarketingState: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED";
  numberOfOrders: number;
  amountSpent: string;
  tags: string[];
};

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    id: "7001",
    firstName: "Jane",
    lastName: "Cooper",
    email: "jane.cooper@example.com",
    marketingState: "SUBSCRIBED",
    phone: "+14155550101",
    smsMarketingState: "SUBSCRIBED",
    numberOfOrders: 0,
    amountSpent: "0.00",
    tags: [],
  },
  {
    id: "7002",
    firstName: "Marco",
    lastName: "Rossi",
    email: "marco.rossi@example.com",
    marketingState: "SUBSCRIBED",
    phone: "+393471234567",
    smsMarketingState: "SUBSCRIBED",
    numberOfOrders: 2,
    amountSpent: "240.00",
    tags: [],
  },
  {
    id: "7003",
    firstName: "Aiko",
    lastName: "Tanaka",
    email: "aiko.tanaka@example.com",
    marketingState: "SUBSCRIBED",
    phone: "+819012345678",
    smsMarketingState: "NOT_SUBSCRIBED",
    numberOfOrders: 4,
    amountSpent: "910.00",
    tags: ["VIP-Silver"],
  },
  {
    id: "7004",
    firstName: "Sam",
    lastName: "Okafor",
    email: "sam.okafor@example.com",
    marketingState: "NOT_SUBSCRIBED",
    phone: "+447700900123",
    smsMarketingState: "SUBSCRIBED",
    numberOfOrders: 1,
    amountSpent: "60.00",
    tags: [],
  },
];

/** People who sign up to the store's newsletter in the sandbox ("A new subscriber"), in turn. */
export const NEW_SUBSCRIBERS = [
  { firstName: "Lena", lastName: "Park" },
  { firstName: "Tomás", lastName: "Silva" },
  { firstName: "Nora", lastName: "Haddad" },
  { firstName: "Eli", lastName: "Brandt" },
];

/** Aiko's last order, this many days before the sandbox was first started (win-back after 90). */
export const AIKO_LAST_ORDER_DAYS_AGO = 70;

export type Product = {
  id: string;
  variantId: string;
  title: string;
  variant: string;
  price: string;
  image: string;
};

export const PRODUCTS: Product[] = [
  {
    id: "632910392",
    variantId: "808950810",
    title: "Trail Runner Jacket",
    variant: "Moss / M",
    price: "149.00",
    image: "https://cdn.example/jacket.png",
  },
  {
    id: "632910393",
    variantId: "808950811",
    title: "Merino Base Layer",
    variant: "Charcoal / M",
    price: "79.00",
    image: "https://cdn.example/merino.png",
  },
  {
    id: "632910394",
    variantId: "808950812",
    title: "Canvas Daypack",
    variant: "Sand",
    price: "95.00",
    image: "https://cdn.example/daypack.png",
  },
  {
    id: "632910395",
    variantId: "808950813",
    title: "Wool Beanie",
    variant: "Rust",
    price: "29.00",
    image: "https://cdn.example/beanie.png",
  },
];
