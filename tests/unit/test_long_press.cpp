#include <catch2/catch.hpp>

#include "core/long_press.hpp"

using namespace chillnode;

TEST_CASE("long press fires after 3 s in the corner", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 1000);
  CHECK(detector.deadlineMs() == 4000);
  CHECK_FALSE(detector.poll(2000));
  CHECK(detector.progress(2500) == Approx(0.5f));
  detector.move(0.96f, 0.06f, 3000);
  CHECK_FALSE(detector.poll(3999));
  CHECK(detector.poll(4000));
  CHECK_FALSE(detector.poll(4100));  // once per press
  CHECK_FALSE(detector.deadlineMs());
  detector.release(5000);
  CHECK_FALSE(detector.poll(9000));
}

TEST_CASE("long press fires again after a new press", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.99f, 0.01f, 0);
  CHECK(detector.poll(3000));
  detector.release(3100);
  detector.press(0.99f, 0.01f, 4000);
  CHECK(detector.poll(7000));
}

TEST_CASE("long press outside the corner never fires", "[staff][long-press]") {
  const float points[][2] = {{0.5f, 0.5f}, {0.05f, 0.05f}, {0.87f, 0.05f}, {0.95f, 0.13f}, {0.95f, 0.95f}};
  for (const auto& point : points) {
    INFO(point[0] << ", " << point[1]);
    LongPressDetector detector;
    detector.press(point[0], point[1], 0);
    CHECK_FALSE(detector.poll(10'000));
    CHECK_FALSE(detector.deadlineMs());
  }
}

TEST_CASE("long press release before 3 s cancels", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 0);
  detector.release(2999);
  CHECK_FALSE(detector.poll(5000));
  CHECK(detector.progress(1000) == 0.0f);
}

TEST_CASE("long press drift cancels", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 0);
  detector.move(0.95f, 0.085f, 1000);  // 0.035 down, over the 0.03 allowed
  CHECK_FALSE(detector.poll(5000));

  // Moving back does not revive the press.
  detector.move(0.95f, 0.05f, 5100);
  CHECK_FALSE(detector.poll(9000));
}

TEST_CASE("long press small drift is allowed", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 0);
  detector.move(0.97f, 0.07f, 1000);  // about 0.028 away
  CHECK(detector.poll(3000));
}

TEST_CASE("long press leaving the corner cancels", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.885f, 0.05f, 0);
  detector.move(0.875f, 0.05f, 1000);  // 0.01 of drift, but out of the 12% square
  CHECK_FALSE(detector.poll(4000));
}

TEST_CASE("long press fires on a late release", "[staff][long-press]") {
  // The UI may sleep through the deadline, and a release after 3 s still counts.
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 0);
  detector.release(3500);
  CHECK(detector.poll(3600));
}

TEST_CASE("long press second finger cancels", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 0);
  detector.press(0.5f, 0.5f, 500);
  CHECK_FALSE(detector.poll(4000));
  detector.release(4100);

  // The next single press works again.
  detector.press(0.95f, 0.05f, 5000);
  CHECK(detector.poll(8000));
}

TEST_CASE("long press cancel drops a pending fire", "[staff][long-press]") {
  LongPressDetector detector;
  detector.press(0.95f, 0.05f, 0);
  detector.move(0.95f, 0.05f, 3200);
  detector.cancel();
  CHECK_FALSE(detector.poll(3300));
}
