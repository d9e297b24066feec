#include "core/offer.hpp"

#include <algorithm>

namespace chillnode {

std::vector<const Offer*> offersFor(const std::vector<Offer>& offers, const std::string& stationId,
                                    std::int64_t nowUnix) {
  std::vector<const Offer*> found;
  for (const Offer& offer : offers) {
    bool listed = std::find(offer.stations.begin(), offer.stations.end(), stationId) != offer.stations.end();
    if (listed && nowUnix <= offer.validUntil && offer.stock > 0) found.push_back(&offer);
  }
  return found;
}

}  // namespace chillnode
