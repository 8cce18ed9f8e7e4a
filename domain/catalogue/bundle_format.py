"""User-facing sentences of the bundle file format (sync/bundle.py, format 2 on): unpacking and
the program version a bundle names."""

MESSAGES: dict[str, dict[str, str]] = {
    "bundle_unpacks_too_large": {
        "zh": "这个同步包解压后会超过 {limit_mb} MB，不是正常的同步包，已拒绝导入，本机数据没有任何改动。",
        "en": "This bundle would unpack to more than {limit_mb} MB, which no real bundle does, so it was refused and nothing on this computer changed.",
    },
    "sync_sender_version": {
        "zh": "对方程序版本：{version}。",
        "en": "Sender's program version: {version}.",
    },
}
