"""The relevance set: what a buyer types, and the product that must come first.

Each case: (query, expected first product title, products that must not appear at all).
Typo and cut-off cases that only trigram similarity can answer are in TRIGRAM_CASES and run
on PostgreSQL only.
"""

import unicodedata

CASES = [
    # Missing diacritics, capitals, decomposed input: all the same search.
    ("mật ong", "Mật ong hoa bạc hà – chai 500ml", ["Chè xanh Tả Phìn"]),
    ("mat ong", "Mật ong hoa bạc hà – chai 500ml", ["Chè xanh Tả Phìn"]),
    ("MẬT ONG", "Mật ong hoa bạc hà – chai 500ml", []),
    ("MAT ONG", "Mật ong hoa bạc hà – chai 500ml", []),
    (unicodedata.normalize("NFD", "mật ong"), "Mật ong hoa bạc hà – chai 500ml", []),
    ("mat ong rung", "Mật ong rừng nguyên chất", ["Sáp ong tự nhiên"]),
    ("mật ong rừng", "Mật ong rừng nguyên chất", []),
    ("mat ong hoa man", "Mật ong hoa mận Hoà Bình", []),
    ("sap ong", "Sáp ong tự nhiên", []),
    ("nến", "Sáp ong tự nhiên", []),  # only in the description
    # đ and d
    ("duong phen", "Đường phèn mía", []),
    ("đường phèn", "Đường phèn mía", []),
    ("ĐƯỜNG PHÈN", "Đường phèn mía", []),
    ("dau tuong", "Đậu tương rang", []),
    ("đậu tương", "Đậu tương rang", []),
    # Old and new tone placement
    ("hòa bình", "Mật ong hoa mận Hoà Bình", []),
    ("hoà bình", "Mật ong hoa mận Hoà Bình", []),
    ("thủy hòa", "Miến dong Thuỷ Hoà", []),
    ("thuỷ hoà", "Miến dong Thuỷ Hoà", []),
    ("mien dong", "Miến dong Thuỷ Hoà", []),
    # The marks carry meaning: an exactly typed word ranks first
    ("con dê", "Thịt con dê núi hun khói", []),
    ("con dế", "Con dế rang lá chanh", []),
    ("dê núi", "Thịt con dê núi hun khói", ["Con dế rang lá chanh"]),
    ("thịt trâu", "Thịt trâu gác bếp", []),
    ("chè xanh", "Chè xanh Tả Phìn", []),
    ("che xanh", "Chè xanh Tả Phìn", []),
    ("trà hoa vàng", "Trà hoa vàng", []),
    ("tra hoa vang", "Trà hoa vàng", []),
    ("mận", "Mật ong hoa mận Hoà Bình", []),
    # Producer and district
    ("Bảo Yên", "Nghệ đỏ Bảo Yên", ["Mật ong rừng nguyên chất"]),
    ("bao yen", "Nghệ đỏ Bảo Yên", []),
    ("giang a pao", "Con dế rang lá chanh", ["Chè xanh Tả Phìn"]),
    ("Si Ma Cai", "Con dế rang lá chanh", []),
    ("muong khuong", "Tương ớt Mường Khương", []),
    ("bat xat", "Bột tam thất", []),
    ("ta phin", "Chè xanh Tả Phìn", []),
    ("sa pa ca hoi", "Cá hồi Sa Pa phi lê", []),
    # Category names
    ("gia vi cham thit", "Hạt dổi rừng", []),
    ("nam lam san", "Nấm hương rừng – túi 300g", []),
    ("gác bếp", "Lạp xưởng gác bếp", []),
    # Single words and word starts
    ("shan tuyết", "Chè Shan Tuyết cổ thụ", []),
    ("shan tuyet co thu", "Chè Shan Tuyết cổ thụ", []),
    ("thao qua", "Thảo quả khô", []),
    ("thảo quả khô", "Thảo quả khô", []),
    ("nấm hương", "Nấm hương rừng – túi 300g", []),
    ("nam huong", "Nấm hương rừng – túi 300g", []),
    ("moc nhi", "Mộc nhĩ đen", []),
    ("măng", "Măng tre khô", []),
    ("mac khen", "Mắc khén", []),
    ("hat doi", "Hạt dổi rừng", []),
    ("ruou ngo", "Rượu ngô men lá Bắc Hà", []),
    ("rượu", "Rượu ngô men lá Bắc Hà", []),
    ("gao seng cu", "Gạo Séng Cù", []),
    ("táo mèo", "Táo mèo ngâm đường", []),
    ("tam that", "Bột tam thất", []),
    ("khoai so", "Khoai sọ Bắc Hà", []),
    ("nghe do", "Nghệ đỏ Bảo Yên", []),
    ("tuong ot", "Tương ớt Mường Khương", []),
    ("lap xuong", "Lạp xưởng gác bếp", []),
    ("ngô", "Rượu ngô men lá Bắc Hà", []),
]

# PostgreSQL only: a typo that LIKE cannot match (words of four letters or more).
TRIGRAM_CASES = [
    ("mat ongg rung", "Mật ong rừng nguyên chất"),
    ("thao quar", "Thảo quả khô"),
    ("shan tuyeet", "Chè Shan Tuyết cổ thụ"),
    ("tuongg ot", "Tương ớt Mường Khương"),
    ("nam huongg", "Nấm hương rừng – túi 300g"),
    ("mocc nhi", "Mộc nhĩ đen"),
]
