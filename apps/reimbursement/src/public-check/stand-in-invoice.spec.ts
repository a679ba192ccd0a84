import { StandInInvoice } from './stand-in-invoice';

describe(StandInInvoice.name, () => {
  it("walks a genuine invoice's whole path: its payload parses and its signature holds", () => {
    // A stand-in refused early (a payload that fails its hash, a key it does not know) would cost
    // less than a real invoice, and an unknown number would again answer sooner.
    expect(new StandInInvoice().weigh()).toBe(true);
  });
});
