// Test emails a merchant sends to themselves from the campaign editor carry a sendId with this
// prefix (instead of a ScheduledSend id), so figures and lists of campaign emails can leave them out.
export const TEST_SEND_PREFIX = "test:";
