// What is specific to the City this deployment serves, in one place (the FixMyStreet habit).

export const CITY = {
  name: 'City of Kitchener', // the agency responsible for the free public Wi-Fi, as Open311 names it
  jurisdictionId: 'kitchener.ca', // Open311 jurisdiction_id: the City's website root without "www", as the spec suggests
  timeZone: 'America/Toronto', // IANA zone of the City's clocks: WiGLE app versions before 2.78 wrote times in it
} as const;
