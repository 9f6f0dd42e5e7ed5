"""The district-level units producers choose from (Lào Cai before the 2025 reorganisation).

Pure data, so the demo content can share it. A national rollout replaces this list with
administrative-unit records; the mentoring issue brings the union's own org-unit tree.
"""

LAO_CAI_DISTRICTS: list[str] = [
    "Thành phố Lào Cai",
    "Thị xã Sa Pa",
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "Văn Bàn",
]
