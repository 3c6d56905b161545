"""The 2023 plan of xã Cẩm Lương as the official wrote it, and what the generated one changes.

REFERENCE is typed from a text extraction of that plan (docs/domain.md, "Who writes
what"), body paragraphs in order (from "KẾ HOẠCH" to the last paragraph of IV).  The
text file's markdown marks ("**") are dropped and two paragraphs that the
extraction cut at a page break ("ảnh / hưởng", "với các / phòng") are joined.

DEVIATIONS lists every difference of the generated document, each as
(paragraphs of the reference, paragraphs of the document, why); the
reference paragraphs are consecutive and every occurrence is replaced.
"""

REFERENCE = [
    "KẾ HOẠCH",
    "Triển khai thực hiện các dự án, tiểu dự án Chương trình mục tiêu quốc gia giảm nghèo bền vững "
    "năm 2022 và năm 2023 thuộc Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 trên địa "
    "bàn xã Cẩm Lương",
    "Thực hiện Kế hoạch số 91/KH – UBND ngày 20/04/2023 của UBND huyện Cẩm Thủy Về Kế hoạch triển "
    "khai thực hiện các dự án, tiểu dự án Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2022 "
    "và 2023 – Thuộc Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 trên địa bàn huyện Cẩm "
    "Thủy; Công văn số 1040/UBND – LĐTĐ ngày 08/05/2023 của UBND huyện Cẩm Thủy về khẩn trương xây "
    "dựng Kế hoạch thực hiện Chương trình mục tiêu quốc gia Giảm nghèo bền vững năm 2023. UBND xã Cẩm "
    "Lương xây dựng kế hoạch với các nội dung chính sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Kế hoạch nhằm cụ thể hóa các nhiệm vụ và giải pháp, phân công rõ ràng trách nhiệm cho từng "
    "ngành, từng Đoàn thể, trong tổ chức thực hiện công tác giảm nghèo; thu hút sự quan tâm đồng đạo "
    "của cộng đồng xã hội, doanh nghiệp, các tổ chức, cá nhân trong việc “chung tay vì người nghèo - "
    "Không để ai bị bỏ lại phía sau” giúp người nghèo, cận nghèo tiếp cận được các nguồn lực phát "
    "triển sản xuất từng bước vươn lên thoát nghèo.",
    "UBND xã xây dựng kế hoạch cụ thể, xác định nhiệm vụ trọng tâm, bố trí nguồn lực và tổ chức triển "
    "khai quyết liệt, đồng bộ, hiệu quả, thực hiện thắng lợi các mục tiêu, nhiệm vụ giảm nghèo năm 2023 "
    "đã đề ra.",
    "Bảo đảm sự phối hợp thường xuyên, chặt chẽ, hiệu quả, không bỏ sót, không chông chéo trong việc "
    "triển khai thực hiện Chương trình.",
    "2. Yêu cầu",
    "Trong quá trình tổ chức thực hiện Kế hoạch cấp ủy, chính quyền phải chủ động, sáng tạo trong "
    "lãnh đạo, chỉ đạo đối với công tác giảm nghèo; ưu tiên lồng ghép các nguồn lực để hỗ trợ cho "
    "người nghèo phát triển kinh tế - xã hội; tăng cường kiểm tra giám sát, thường xuyên đánh giá kết "
    "quả tổ chức thực hiện để kịp thời giải quyết khó khăn, vướng mắc, điều chỉnh biện pháp lãnh đạo, "
    "chỉ đạo, đảm bảo thực hiện thắng lợi các mục tiêu, nhiệm vụ đề ra.",
    "Việc giảm nghèo phải phản ánh đúng, sát tình hình thực tế đời sống người dân, đảm bảo người "
    "nghèo, cận nghèo được tiếp cận đầy đủ chế độ, chính sách theo quy định, tiếp cận được các dịch vụ "
    "xã hội cơ bản như y tế, giáo dục, nguồn vốn tín dụng chính sách... Không vì chỉ tiêu, thành tích "
    "mà bỏ sót đối tượng, ảnh hưởng đến quyền lợi thụ hưởng các chính sách dành cho người nghèo, người "
    "cận nghèo theo quy định.",
    "Phải sử dụng nguồn vốn được phân bổ đúng mục đích.",
    "II. MỤC TIÊU",
    "1. Mục tiêu chung",
    "Phấn đấu giảm nghèo bền vững, hạn chế tái nghèo; cải thiện đời sống, tăng thu nhập của người "
    "nghèo, tạo điều kiện cho người nghèo, hộ nghèo tiếp cận thuận lợi các dịch vụ xã hội cơ bản (y "
    "tế, giáo dục, nhà ở an toàn, nước sạch sinh hoạt và vệ sinh, thông tin, việc làm, bảo hiểm y tế, "
    "...). Phấn đấu đạt các chỉ tiêu giảm hộ nghèo năm 2023 theo Kế hoạch đề ra.",
    "2. Mục tiêu cụ thể.",
    "Năm 2023, toàn xã giảm 17 hộ nghèo trở lên, giảm 05 số hộ cận nghèo trở lên theo chuẩn nghèo "
    "giai đoạn 2022 - 2025.",
    "III. NỘI DUNG",
    "1. Dự án 2: Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo",
    "1.1. Nội dung hoạt động:",
    "- Xây dựng dự án giảm nghèo phát triển sản xuất liên kết theo chuỗi giá trị;",
    "- Xây dựng Dự án giảm nghèo phát triển sản xuất cộng đồng.",
    "1.2. Kinh phí thực hiện: Do phân bổ cấp trên hoặc từ các nguồn vận động hợp pháp khác",
    "1.3. Phân công thực hiện: Giao công chức văn hóa chính sách phối hợp với ban ngành, đoàn thể, "
    "ngành cấp trên để nghiên cứu đề xuất dự án phù hợp (nếu có)",
    "2. Dự án 3: Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng",
    "a. Tiểu dự án 1, Dự án 3: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",
    "* Nội dung hoạt động:",
    "- Phát triển sản xuất nông, lâm, ngư nghiệp: Tập huấn kỹ thuật, tư vấn chuyển giao kỹ thuật, "
    "cung cấp cây trồng, vật nuôi, vật tư, công cụ, dụng cụ sản xuất; phân bón, thức ăn chăn nuôi, "
    "thuốc bảo vệ thực vật, thuốc thú y và hỗ trợ khác theo quy định.",
    "- Phát triển hệ thống lương thực, thực phẩm đảm bảo đủ dinh dưỡng.",
    "- Tập huấn, tư vấn quản lý tiêu thụ nông sản, thị điểm, nhân rộng các giải pháp, sáng kiến phát "
    "triển sản xuất nông nghiệp gắn với chuỗi giá trị hiệu quả.",
    "* Kinh phí thực hiện: Theo phân bổ của cấp trên và từ nguồn vận động hợp pháp khác",
    "* Phân công thực hiện:",
    "Giao công chức địa chính Nông nghiệp phối hợp với các đơn vị có liên quan, căn cứ hướng dẫn của "
    "phòng chuyên môn cấp trên để tổ chức thực hiện.",
    "b) Tiểu dự án 2: Cải thiện dinh dưỡng",
    "* Nội dung hoạt động:",
    "(1) Hỗ trợ tiếp cận, can thiệp trực tiếp phòng chống suy dinh dưỡng, thiếu vi chất dinh dưỡng "
    "cho bà mẹ, trẻ em dưới 5 tuổi thuộc hộ gia đình nghèo và cận nghèo; (2) Tăng cường hoạt động cải "
    "thiện chất lượng bữa ăn học đường và giáo dục chăm sóc dinh dưỡng; can thiệp phòng chống thiếu vi "
    "chất dinh dưỡng; bảo vệ, chăm sóc dinh dưỡng cho trẻ học đường (trẻ từ 5 đến dưới 16 tuổi).",
    "* Kinh phí thực hiện: Theo phân bổ của cấp trên và từ nguồn vận động hợp pháp khác",
    "* Phân công thực hiện:",
    "Giao công chức văn phòng chủ trì, phối hợp với trạm y tế và các ban, ngành, đơn vị có liên quan "
    "tổ chức thực hiện các nội dung hoạt động có liên trên địa bàn theo quy định hướng dẫn.",
    "3. Dự án 4: Phát triển giáo dục nghề nghiệp, việc làm bền vững",
    "a) Tiểu dự án 1: Phát triển giáo dục nghề nghiệp vùng nghèo, vùng khó khăn",
    "* Nội dung hoạt động:",
    "- Tổ chức mở 01 lớp đào tạo nghề cho người lao động thuộc hộ nghèo, hộ cận nghèo, hộ mới thoát "
    "nghèo.",
    "* Thời gian dự kiến: từ tháng 7 đến hết tháng 9/2023",
    "* Kinh phí thực hiện: Theo phân bổ cấp trên và từ nguồn vận động hợp pháp khác",
    "* Tổ chức thực hiện:",
    "Giao công chức văn hóa chính sách xã hội phối hợp với các đơn vị có liên quan kịp thời tham mưu "
    "triển khai kế hoạch đào tạo nghề và tổ chức thực hiện theo đúng quy định của pháp luật hiện hành.",
    "b) Tiểu dự án 3: Hỗ trợ việc làm bền vững",
    "* Nội dung hoạt động:",
    "- Phối hợp xây dựng cơ sở dữ liệu việc tìm người – người tìm việc;",
    "- Hỗ trợ giao dịch việc làm;",
    "- Quản lý lao động gắn với cơ sở dữ liệu quốc gia về dân cư và các cơ sở dữ liệu khác;",
    "- Thu thập, phân tích, dự báo thị trường lao động;",
    "- Hỗ trợ kết nối việc làm thành công.",
    "* Kinh phí thực hiện: Theo phân bổ của cấp trên và các nguồn vận động hợp pháp khác.",
    "* Tổ chức thực hiện:",
    "Giao công chức văn hóa chính sách phối hợp với các phòng, ban, ngành và các đơn vị có liên quan "
    "căn cứ hướng dẫn của cấp trên tổ chức thực hiện theo quy định.",
    "4. Dự án 6: Truyền thông và giảm nghèo về thông tin",
    "a) Tiểu dự án 1, Dự án 6: Giảm nghèo về thông tin",
    "* Nội dung hoạt động",
    "- Phối hợp biên soạn tài liệu; bồi dưỡng tập huấn kỹ năng chuyên môn, nghiệp vụ cho cán bộ thông "
    "tin tuyên truyền và cộng tác viên thông tin và tuyên truyền ở các thôn.",
    "- Tăng cường đầu tư, nâng cấp cơ sở vật chất cho hoạt động thông tin cơ sở để cung cấp nội dung "
    "thông tin thiết yếu cho người dân. Trên cơ sở ứng dụng công nghệ số, đẩy mạnh trang bị cơ sở vật "
    "chất, nền tảng cung cấp nội dung thông tin thiết yếu cho xã hội",
    "- Thông tin, tuyên truyền đường lối của Đảng, chính sách, pháp luật của Nhà nước, thông tin thiết "
    "yếu thuộc các lĩnh vực của đời sống xã hội; các ấn phẩm phổ biến các kiến khoa học kỹ thuật phục "
    "vụ sản xuất, nuôi trồng cây con; an toàn thực phẩm, bảo vệ môi trường, văn hóa tinh thần nâng cao "
    "chất lượng cuộc sống.",
    "* Kinh phí thực hiện: Theo phân bổ của cấp trên hoặc từ các nguồn vận động hợp pháp khác",
    "* Phân công thực hiện:",
    "- Công chức Văn hóa – Thông tin trên cơ sở hướng dẫn của ngành cấp trên tổ chức thực hiện.",
    "b) Tiểu dự án 2, Dự án 6: Truyền thông về giảm nghèo đa chiều",
    "* Nội dung hoạt động:",
    "- Truyền thông trên hệ thống phát thanh của xã, các thôn về Chương trình MTQG giảm nghèo bền vững "
    "giai đoạn 2021-2025.",
    "- Tổ chức hội nghị truyền thông về giảm nghèo bền vững.",
    "* Thời gian tổ chức:",
    "- Triển khai tuyên truyền liên tục hàng tháng trên hệ thống loa truyền thanh và phát thanh.",
    "- Tổ chức hội nghị truyền thông về giảm nghèo bền vững: Dự kiến tổ chức vào tháng 7/2023.",
    "* Kinh Phí thực hiện: 5.000.000đ (năm triệu đồng)",
    "* Phân công thực hiện: Giao công chức chính sách phối hợp với các phòng, ban, ngành và các đơn vị "
    "có liên quan và hướng dẫn của cấp trên để tham mưu tổ chức thực hiện.",
    "5. Dự án 7: Nâng cao năng lực và giám sát, đánh giá Chương trình",
    "a Tiêu dự án 1, Dự án 7: Nâng cao năng lực thực hiện Chương trình",
    "* Nội dung hoạt động:",
    "- Mở 01 lớp tập huấn nâng cao năng lực đội ngũ cán bộ làm công tác giảm nghèo ở xã, các thôn",
    "* Thời gian thực hiện: Dự kiến tháng 6/2023",
    "* Kinh phí thực hiện: 9.000.000 đ (Chín triệu đồng)",
    "* Phân công thực hiện:",
    "Giao công chức văn hóa chính sách phối hợp với các ban ngành đoàn thể căn cứ hướng dẫn của các cấp "
    "để xây dựng kế hoạch mở lớp tập huấn theo quy định.",
    "b Tiêu dự án 2, Dự án 7: Giám sát, đánh giá",
    "* Nội dung hoạt động:",
    "- Giám sát, đánh giá kết quả thực hiện các chính sách, chương trình, dự án giảm nghèo định kỳ hoặc "
    "đột xuất.",
    "- Rà soát hộ nghèo, hộ cận nghèo hàng năm; tổ chức điều tra, đánh giá đầu kỳ, giữa kỳ và cuối kỳ.",
    "* Thời gian thực hiện: Thường xuyên hàng tháng, quý.",
    "* Kinh phí thực hiện: 12.000.000 đ (mười hai triệu đồng)",
    "* Phân công thực hiện:",
    "Giao công chức văn hóa phụ trách chính sách căn cứ theo các quy định hiện hành để tham mưu cho Ban "
    "chỉ đạo các chương trình mục tiêu quốc gia tổ chức thực hiện đảm bảo theo quy định.",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Các ban ngành, đoàn thể, cán bộ công chức có liên quan căn cứ chức năng, nhiệm vụ được giao, "
    "hướng dẫn của cấp trên và căn cứ Kế hoạch này trên cơ sở tình hình thực tế để tập trung tổ chức "
    "thực hiện theo quy định của pháp luật.",
    "2. Đề nghị Ủy ban Mặt trận Tổ quốc xã và các tổ chức chính trị - xã hội đẩy mạnh, tăng cường công "
    "tác giám sát việc tổ chức triển khai thực hiện Kế hoạch này.",
]

LABELS = "Nhãn thống nhất cho mọi dự án, tiểu dự án: không '*', không '1.1.'"
SUBPROJECT = "Điểm 'a)', 'b)' (Nghị định 30) và 'Tiểu dự án N' dưới dự án của nó"
MONEY = "Số tiền viết '5.000.000 đồng (Năm triệu đồng)' (docs/money.md)"

DEVIATIONS = [
    (("Thực hiện Kế hoạch số 91/KH – UBND ngày 20/04/2023 của UBND huyện Cẩm Thủy Về Kế hoạch triển "
      "khai thực hiện các dự án, tiểu dự án Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2022 "
      "và 2023 – Thuộc Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 trên địa bàn huyện Cẩm "
      "Thủy; Công văn số 1040/UBND – LĐTĐ ngày 08/05/2023 của UBND huyện Cẩm Thủy về khẩn trương xây "
      "dựng Kế hoạch thực hiện Chương trình mục tiêu quốc gia Giảm nghèo bền vững năm 2023. UBND xã Cẩm "
      "Lương xây dựng kế hoạch với các nội dung chính sau:",),
     ("Thực hiện Kế hoạch số 91/KH-UBND ngày 20/04/2023 của UBND huyện Cẩm Thủy Về Kế hoạch triển "
      "khai thực hiện các dự án, tiểu dự án Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2022 "
      "và 2023 – Thuộc Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 (sau đây gọi tắt là Chương "
      "trình) trên địa bàn huyện Cẩm Thủy; Thực hiện Công văn số 1040/UBND-LĐTĐ ngày 08/05/2023 của UBND huyện "
      "Cẩm Thủy về khẩn trương xây dựng Kế hoạch thực hiện Chương trình mục tiêu quốc gia Giảm nghèo bền vững "
      "năm 2023. UBND xã Cẩm Lương xây dựng kế hoạch với các nội dung chính sau:",),
     "Số ký hiệu viết liền '91/KH-UBND' (Nghị định 30), như ô Căn cứ của sổ ví dụ; tên đầy đủ của Chương "
     "trình (có giai đoạn) lần đầu kèm '(sau đây gọi tắt là Chương trình)', và mỗi căn cứ có chữ 'Thực hiện' "
     "(hay 'Căn cứ') của nó, như văn bản thường viết"),
    (("Triển khai thực hiện các dự án, tiểu dự án Chương trình mục tiêu quốc gia giảm nghèo bền vững "
      "năm 2022 và năm 2023 thuộc Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 trên địa "
      "bàn xã Cẩm Lương",),
     ("Triển khai thực hiện các dự án, tiểu dự án Chương trình mục tiêu quốc gia giảm nghèo bền vững "
      "năm 2022 và năm 2023 thuộc Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 trên địa "
      "bàn xã\u00a0Cẩm\u00a0Lương",),
     "Tên đơn vị trong trích yếu không bị tách qua hai dòng (dấu cách không ngắt)"),
    (("2. Mục tiêu cụ thể.",), ("2. Mục tiêu cụ thể",), "Đề mục không có dấu chấm cuối, như các đề mục khác"),
    (("Năm 2023, toàn xã giảm 17 hộ nghèo trở lên, giảm 05 số hộ cận nghèo trở lên theo chuẩn nghèo "
      "giai đoạn 2022 - 2025.",),
     ("Đầu năm 2023, toàn xã có 1.450 hộ; trong đó 95 hộ nghèo, tỷ lệ 6,55%; 120 hộ cận nghèo, tỷ lệ 8,28%.",
      "Năm 2023, toàn xã giảm 17 hộ nghèo trở lên, giảm 05 hộ cận nghèo trở lên theo chuẩn nghèo "
      "giai đoạn 2022 - 2025.",
      "- Hộ nghèo: cuối năm còn 78 hộ, tỷ lệ hộ nghèo còn 5,38%, giảm 1,17 điểm phần trăm; bằng chỉ tiêu cấp "
      "trên giao (giảm 17 hộ).",
      "- Hộ cận nghèo: cuối năm còn 115 hộ, tỷ lệ hộ cận nghèo còn 7,93%, giảm 0,35 điểm phần trăm; bằng chỉ "
      "tiêu cấp trên giao (giảm 05 hộ)."),
     "Câu chỉ tiêu sinh từ trang Chỉ tiêu: 'giảm 05 hộ cận nghèo' như vế hộ nghèo (bỏ chữ 'số' thừa); trước nó "
     "số hộ, hộ nghèo, cận nghèo và tỷ lệ đầu năm, sau nó số hộ, tỷ lệ cuối năm, mức giảm và so với chỉ tiêu cấp "
     "trên giao (trang Chỉ tiêu), như kế hoạch thường viết"),
    (("1.1. Nội dung hoạt động:",), ("Nội dung hoạt động:",), LABELS),
    (("* Nội dung hoạt động:",), ("Nội dung hoạt động:",), LABELS),
    (("* Nội dung hoạt động",), ("Nội dung hoạt động:",), LABELS),
    (("1.2. Kinh phí thực hiện: Do phân bổ cấp trên hoặc từ các nguồn vận động hợp pháp khác",),
     ("Kinh phí thực hiện: Do phân bổ cấp trên hoặc từ các nguồn vận động hợp pháp khác",), LABELS),
    (("1.3. Phân công thực hiện: Giao công chức văn hóa chính sách phối hợp với ban ngành, đoàn thể, "
      "ngành cấp trên để nghiên cứu đề xuất dự án phù hợp (nếu có)",),
     ("Phân công thực hiện:",
      "Giao công chức văn hóa chính sách phối hợp với ban ngành, đoàn thể, ngành cấp trên để nghiên cứu "
      "đề xuất dự án phù hợp (nếu có)"),
     LABELS + "; phân công là đoạn riêng dưới nhãn, như ở các tiểu dự án"),
    (("* Kinh phí thực hiện: Theo phân bổ của cấp trên và từ nguồn vận động hợp pháp khác",),
     ("Kinh phí thực hiện: Theo phân bổ của cấp trên và từ nguồn vận động hợp pháp khác",), LABELS),
    (("* Kinh phí thực hiện: Theo phân bổ cấp trên và từ nguồn vận động hợp pháp khác",),
     ("Kinh phí thực hiện: Theo phân bổ cấp trên và từ nguồn vận động hợp pháp khác",), LABELS),
    (("* Kinh phí thực hiện: Theo phân bổ của cấp trên và các nguồn vận động hợp pháp khác.",),
     ("Kinh phí thực hiện: Theo phân bổ của cấp trên và các nguồn vận động hợp pháp khác.",), LABELS),
    (("* Kinh phí thực hiện: Theo phân bổ của cấp trên hoặc từ các nguồn vận động hợp pháp khác",),
     ("Kinh phí thực hiện: Theo phân bổ của cấp trên hoặc từ các nguồn vận động hợp pháp khác",), LABELS),
    (("* Kinh Phí thực hiện: 5.000.000đ (năm triệu đồng)",),
     ("Kinh phí thực hiện: 5.000.000 đồng (Năm triệu đồng)",), LABELS + "; " + MONEY),
    (("* Kinh phí thực hiện: 9.000.000 đ (Chín triệu đồng)",),
     ("Kinh phí thực hiện: 9.000.000 đồng (Chín triệu đồng)",), MONEY),
    (("* Kinh phí thực hiện: 12.000.000 đ (mười hai triệu đồng)",),
     ("Kinh phí thực hiện: 12.000.000 đồng (Mười hai triệu đồng)",), MONEY),
    (("* Phân công thực hiện:",), ("Phân công thực hiện:",), LABELS),
    (("* Tổ chức thực hiện:",), ("Phân công thực hiện:",), LABELS + " (Dự án 4 ghi 'Tổ chức thực hiện')"),
    (("* Phân công thực hiện: Giao công chức chính sách phối hợp với các phòng, ban, ngành và các đơn vị "
      "có liên quan và hướng dẫn của cấp trên để tham mưu tổ chức thực hiện.",),
     ("Phân công thực hiện:",
      "Giao công chức chính sách phối hợp với các phòng, ban, ngành và các đơn vị có liên quan và hướng "
      "dẫn của cấp trên để tham mưu tổ chức thực hiện."),
     LABELS + "; phân công là đoạn riêng dưới nhãn"),
    (("- Công chức Văn hóa – Thông tin trên cơ sở hướng dẫn của ngành cấp trên tổ chức thực hiện.",),
     ("Công chức Văn hóa – Thông tin trên cơ sở hướng dẫn của ngành cấp trên tổ chức thực hiện.",),
     "Phân công là đoạn văn như ở các dự án khác (ô trong sổ ví dụ không có gạch đầu dòng)"),
    (("* Thời gian dự kiến: từ tháng 7 đến hết tháng 9/2023",),
     ("Thời gian thực hiện: Dự kiến từ tháng 7 đến hết tháng 9/2023",),
     LABELS + "; 'dự kiến' ghi trong ô như bản gốc ghi ở Dự án 7 ('Thời gian thực hiện: Dự kiến tháng "
     "6/2023'), nên ngày dự kiến không thành ngày chắc chắn"),
    (("* Thời gian tổ chức:",), ("Thời gian thực hiện:",), LABELS),
    (("* Thời gian thực hiện: Dự kiến tháng 6/2023",), ("Thời gian thực hiện: Dự kiến tháng 6/2023",), LABELS),
    (("* Thời gian thực hiện: Thường xuyên hàng tháng, quý.",),
     ("Thời gian thực hiện: Thường xuyên hàng tháng, quý.",), LABELS),
    (("a. Tiểu dự án 1, Dự án 3: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",),
     ("a) Tiểu dự án 1: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",), SUBPROJECT),
    (("a) Tiểu dự án 1, Dự án 6: Giảm nghèo về thông tin",),
     ("a) Tiểu dự án 1: Giảm nghèo về thông tin",), SUBPROJECT),
    (("b) Tiểu dự án 2, Dự án 6: Truyền thông về giảm nghèo đa chiều",),
     ("b) Tiểu dự án 2: Truyền thông về giảm nghèo đa chiều",), SUBPROJECT),
    (("a Tiêu dự án 1, Dự án 7: Nâng cao năng lực thực hiện Chương trình",),
     ("a) Tiểu dự án 1: Nâng cao năng lực thực hiện Chương trình",), SUBPROJECT + "; chính tả 'Tiểu'"),
    (("b Tiêu dự án 2, Dự án 7: Giám sát, đánh giá",),
     ("b) Tiểu dự án 2: Giám sát, đánh giá",), SUBPROJECT + "; chính tả 'Tiểu'"),
    (("(1) Hỗ trợ tiếp cận, can thiệp trực tiếp phòng chống suy dinh dưỡng, thiếu vi chất dinh dưỡng "
      "cho bà mẹ, trẻ em dưới 5 tuổi thuộc hộ gia đình nghèo và cận nghèo; (2) Tăng cường hoạt động cải "
      "thiện chất lượng bữa ăn học đường và giáo dục chăm sóc dinh dưỡng; can thiệp phòng chống thiếu vi "
      "chất dinh dưỡng; bảo vệ, chăm sóc dinh dưỡng cho trẻ học đường (trẻ từ 5 đến dưới 16 tuổi).",),
     ("- (1) Hỗ trợ tiếp cận, can thiệp trực tiếp phòng chống suy dinh dưỡng, thiếu vi chất dinh dưỡng "
      "cho bà mẹ, trẻ em dưới 5 tuổi thuộc hộ gia đình nghèo và cận nghèo; (2) Tăng cường hoạt động cải "
      "thiện chất lượng bữa ăn học đường và giáo dục chăm sóc dinh dưỡng; can thiệp phòng chống thiếu vi "
      "chất dinh dưỡng; bảo vệ, chăm sóc dinh dưỡng cho trẻ học đường (trẻ từ 5 đến dưới 16 tuổi).",),
     "Mỗi hoạt động là một dòng '- '"),
    (("Giao công chức văn hóa phụ trách chính sách căn cứ theo các quy định hiện hành để tham mưu cho Ban "
      "chỉ đạo các chương trình mục tiêu quốc gia tổ chức thực hiện đảm bảo theo quy định.",),
     ("Giao công chức văn hóa phụ trách chính sách căn cứ theo các quy định hiện hành để tham mưu cho Ban "
      "chỉ đạo các chương trình mục tiêu quốc gia tổ chức thực hiện đảm bảo theo quy định.",
      "6. Tổng hợp kinh phí",
      "Tổng kinh phí: 26.000.000 đồng (Hai mươi sáu triệu đồng), chưa gồm kinh phí các dự án, tiểu dự án "
      "ghi “Theo phân bổ”."),
     "Thêm mục tổng hợp kinh phí (bảng ở giữa hai đoạn) mà bản gốc thiếu (docs/domain.md)"),
    (("2. Đề nghị Ủy ban Mặt trận Tổ quốc xã và các tổ chức chính trị - xã hội đẩy mạnh, tăng cường công "
      "tác giám sát việc tổ chức triển khai thực hiện Kế hoạch này.",),
     ("2. Đề nghị Ủy ban Mặt trận Tổ quốc xã và các tổ chức chính trị - xã hội đẩy mạnh, tăng cường công "
      "tác giám sát việc tổ chức triển khai thực hiện Kế hoạch này./.",),
     "Nội dung kết thúc bằng './.' (Nghị định 30)"),
]


def apply(paragraphs: list[str], deviations=DEVIATIONS) -> tuple[list[str], list[str]]:
    """The reference with every deviation applied, and the reasons of those that matched nothing."""
    result, unused = list(paragraphs), []
    for old, new, why in deviations:
        found, i = False, 0
        while i <= len(result) - len(old):
            if tuple(result[i:i + len(old)]) == old:
                result[i:i + len(old)] = new
                found, i = True, i + len(new)
            else:
                i += 1
        if not found:
            unused.append(why)
    return result, unused
