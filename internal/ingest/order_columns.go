package ingest

// The fields of a TikTok Shop "affiliate orders" export.
const (
	ColOrderID Field = iota
	ColProductID
	ColProductName
	ColSKUID
	ColSellerSKU
	ColPrice
	ColPaymentAmount
	ColCurrency
	ColQuantity
	ColPaymentMethod
	ColOrderStatus
	ColCreatorUsername
	ColContentType
	ColContentID
	ColCommissionModel
	ColCommissionRate
	ColEstBase
	ColEstCommission
	ColActualBase
	ColActualCommission
	ColShopAdsRate
	ColEstShopAds
	ColActualShopAds
	ColEstCofunded
	ColActualCofunded
	ColFullyRefunded
	ColTimeCreated
	ColPaymentTime
	ColDeliveryTime
	ColCommissionPaidTime
	ColPlatform
	orderFieldCount
)

// orderAliases are the names each column goes by. The first is the English Seller Center name;
// the others come from exports in other languages. Another language is more names here.
var orderAliases = map[Field][]string{
	ColOrderID:            {"Order ID", "Mã đơn hàng", "ID đơn hàng", "ID Pesanan", "หมายเลขคำสั่งซื้อ"},
	ColProductID:          {"Product ID", "ID sản phẩm", "Mã sản phẩm", "ID Produk", "รหัสสินค้า"},
	ColProductName:        {"Product Name", "Tên sản phẩm", "Nama Produk", "ชื่อสินค้า"},
	ColSKUID:              {"SKU ID", "ID SKU", "Mã SKU", "รหัส SKU"},
	ColSellerSKU:          {"Seller SKU", "SKU người bán", "SKU Penjual", "SKU ผู้ขาย"},
	ColPrice:              {"Price", "Giá", "Harga", "ราคา"},
	ColPaymentAmount:      {"Payment Amount", "Số tiền thanh toán", "Jumlah Pembayaran", "ยอดชำระ"},
	ColCurrency:           {"Currency", "Đơn vị tiền tệ", "Tiền tệ", "Mata Uang", "สกุลเงิน"},
	ColQuantity:           {"Quantity", "Số lượng", "Jumlah", "จำนวน"},
	ColPaymentMethod:      {"Payment method", "Phương thức thanh toán", "Metode Pembayaran", "วิธีการชำระเงิน"},
	ColOrderStatus:        {"Order Status", "Trạng thái đơn hàng", "Status Pesanan", "สถานะคำสั่งซื้อ"},
	ColCreatorUsername:    {"Creator Username", "Tên người dùng của nhà sáng tạo", "Tên người dùng nhà sáng tạo", "Nama Pengguna Kreator", "ชื่อผู้ใช้ครีเอเตอร์"},
	ColContentType:        {"Content Type", "Loại nội dung", "Jenis Konten", "ประเภทเนื้อหา"},
	ColContentID:          {"Content ID", "ID nội dung", "ID Konten", "รหัสเนื้อหา"},
	ColCommissionModel:    {"commission model", "Mô hình hoa hồng", "Model Komisi", "รูปแบบค่าคอมมิชชัน"},
	ColCommissionRate:     {"Standard commission rate", "Tỷ lệ hoa hồng tiêu chuẩn", "Tingkat Komisi Standar", "อัตราค่าคอมมิชชันมาตรฐาน"},
	ColEstBase:            {"Est. Commission Base", "Cơ sở hoa hồng ước tính", "Perkiraan Dasar Komisi"},
	ColEstCommission:      {"Est. standard commission payment", "Thanh toán hoa hồng tiêu chuẩn ước tính", "Perkiraan Pembayaran Komisi Standar"},
	ColActualBase:         {"Actual Commission Base", "Cơ sở hoa hồng thực tế", "Dasar Komisi Aktual"},
	ColActualCommission:   {"Actual Commission Payment", "Thanh toán hoa hồng thực tế", "Pembayaran Komisi Aktual"},
	ColShopAdsRate:        {"Shop Ads commission rate", "Tỷ lệ hoa hồng Quảng cáo cửa hàng", "Tingkat Komisi Iklan Toko"},
	ColEstShopAds:         {"Est. Shop Ads commission payment", "Thanh toán hoa hồng Quảng cáo cửa hàng ước tính"},
	ColActualShopAds:      {"Actual Shop Ads commission payment", "Thanh toán hoa hồng Quảng cáo cửa hàng thực tế"},
	ColEstCofunded:        {"Est. co-funded creator bonus", "Thưởng nhà sáng tạo đồng tài trợ ước tính"},
	ColActualCofunded:     {"Actual co-funded creator bonus", "Thưởng nhà sáng tạo đồng tài trợ thực tế"},
	ColFullyRefunded:      {"Fully returned or refunded", "Đã trả hàng hoặc hoàn tiền toàn bộ", "Dikembalikan atau dikembalikan dananya sepenuhnya"},
	ColTimeCreated:        {"Time Created", "Thời gian tạo", "Waktu Dibuat", "เวลาที่สร้าง"},
	ColPaymentTime:        {"Payment time", "Thời gian thanh toán", "Waktu Pembayaran", "เวลาชำระเงิน"},
	ColDeliveryTime:       {"Order Delivery Time", "Thời gian giao hàng", "Waktu Pengiriman Pesanan", "เวลาจัดส่งคำสั่งซื้อ"},
	ColCommissionPaidTime: {"Time Commission Paid", "Thời gian thanh toán hoa hồng", "Waktu Komisi Dibayar"},
	ColPlatform:           {"Platform", "Nền tảng", "Platform", "แพลตฟอร์ม"},
}

// requiredOrderFields are the columns without which no line can be built.
var requiredOrderFields = []Field{ColOrderID, ColProductID, ColSKUID, ColPaymentAmount, ColOrderStatus, ColCreatorUsername, ColTimeCreated}
