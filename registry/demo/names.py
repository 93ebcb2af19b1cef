"""Name pools for the demo population: Kinh, Bru-Vân Kiều and Tà-ôi names as written in Quảng Trị."""

KINH_FAMILY = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 10), ("Phạm", 6), ("Hoàng", 5), ("Võ", 6), ("Phan", 5),
    ("Đặng", 3), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 4), ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Hà", 1),
    ("Trương", 2), ("Đoàn", 1), ("Lương", 1), ("Thái", 1), ("Mai", 1), ("Văn", 1), ("Đinh", 1),
)
KINH_MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Đình", "Anh", "Quốc")
KINH_MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hoài", "Minh", "Bảo", "Diệu", "Khánh")
KINH_GIVEN_MALE = (
    "An", "Ân", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Đức", "Giang", "Hải",
    "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khánh", "Khoa", "Lâm", "Long", "Lộc",
    "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
    "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
)
KINH_GIVEN_FEMALE = (
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Đào", "Giang", "Hà",
    "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huế", "Hương", "Lan", "Liên", "Linh", "Loan",
    "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thủy",
    "Trang", "Trâm", "Uyên", "Vân", "Xuân", "Yến",
)
# Bru-Vân Kiều and Tà-ôi people in Quảng Trị mostly carry family names such as Hồ, Pả, Kăn,
# Arất, Căn, Hồ Văn; given names are often one syllable.
MINORITY_FAMILY = ("Hồ", "Hồ", "Hồ", "Pả", "Kăn", "Arất", "Căn", "Lê", "Vồ", "Kray")
MINORITY_MIDDLE_MALE = ("Văn", "Văn", "", "")
MINORITY_MIDDLE_FEMALE = ("Thị", "Thị", "", "")
MINORITY_GIVEN_MALE = ("Chiêng", "Xi", "Bông", "Diên", "Hoan", "Păng", "Sơn", "Thuận", "Triệu", "Vai", "Ngọc", "Lai")
MINORITY_GIVEN_FEMALE = ("Xi", "Pỏ", "Lin", "Mai", "Nhi", "Thoan", "Hiên", "Xuân", "Chăm", "Ly", "Cúc", "Nga")

UNIVERSITIES_VN = (
    "Trường Đại học Sư phạm, Đại học Huế", "Trường Đại học Y - Dược, Đại học Huế",
    "Trường Đại học Nông Lâm, Đại học Huế", "Trường Đại học Kinh tế, Đại học Huế",
    "Trường Đại học Khoa học, Đại học Huế", "Phân hiệu Đại học Huế tại Quảng Trị",
    "Trường Đại học Bách khoa, Đại học Đà Nẵng", "Trường Đại học Kinh tế, Đại học Đà Nẵng",
    "Học viện Hành chính Quốc gia", "Trường Đại học Luật, Đại học Huế",
    "Đại học Quốc gia Hà Nội", "Trường Đại học Vinh", "Học viện Chính trị Quốc gia Hồ Chí Minh",
)
COLLEGES_VN = ("Trường Cao đẳng Sư phạm Quảng Trị", "Trường Cao đẳng Y tế Huế")
INSTITUTIONS_ABROAD = (
    ("Đại học Quốc gia Úc", "AU"), ("Đại học Kyushu", "JP"), ("Đại học Tổng hợp Kazan", "RU"),
    ("Đại học Ghent", "BE"), ("Đại học Quốc gia Lào", "LA"),
)
