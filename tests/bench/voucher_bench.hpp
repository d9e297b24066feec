#pragma once
// Voucher benchmark: issuing, verifying, drawing the QR code, and a sponsor unit's camera
// frame to its redemption verdict.

namespace chillnode::bench {

constexpr const char* VouchersUsage =
    "chillnode-bench vouchers WORKDIR [--repeat N] [--vouchers N] [--renders N] [--stored N]";

// Measures, with a new signing key, and prints median, p95 and max of each:
//  - issuing: build, sign and Base45-encode one voucher (--repeat times, default 2000), and
//    VoucherStore::issue with its SQLite commit (--stored times, default 200);
//  - verifying: checkVoucher on each voucher issued above;
//  - QR render: ui::encodeQr and ui::drawQr through SDL's software renderer at 800x480 and
//    1280x720 (--renders times each, default 300);
//  - scan to verdict: --vouchers (default 24) voucher screens drawn at 800x480, turned into
//    eight 1280x720 phone-photo camera frames each by `chillnode-gen photos`, read by one
//    live QrScanner and redeemed through a RedemptionLedger.
// WORKDIR must not exist. It gets the screenshots, the frames and the two SQLite databases.
// Returns 0, or 1 when a voucher fails to verify, a frame decodes to a wrong text or a
// redemption has an unexpected verdict. Throws std::runtime_error when WORKDIR exists or a
// file cannot be written or read, and StoreError when a database cannot be written.
int runVoucherBench(int argc, char** argv);

}  // namespace chillnode::bench
