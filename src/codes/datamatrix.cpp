#include "codes/datamatrix.hpp"

#include <dmtx.h>

#include <memory>
#include <string>

namespace txng::codes {

Result<Symbol> EncodeGs1DataMatrix(std::string_view element_string) {
    if (element_string.empty() || element_string.size() > 1500) {
        return InvalidArgument("data", "datamatrix.data", "Give 1 to 1,500 characters of GS1 element string.");
    }
    std::unique_ptr<DmtxEncode, void (*)(DmtxEncode*)> enc(dmtxEncodeCreate(),
                                                           [](DmtxEncode* e) { dmtxEncodeDestroy(&e); });
    if (!enc) return MakeError(ErrorCode::kInternal, "datamatrix", "datamatrix.render", "libdmtx failed to start.");
    // One pixel per module and no margin: the image is the module grid. GS (0x1D) in the data is
    // FNC1; a leading FNC1 marks the symbol as GS1 DataMatrix.
    dmtxEncodeSetProp(enc.get(), DmtxPropModuleSize, 1);
    dmtxEncodeSetProp(enc.get(), DmtxPropMarginSize, 0);
    dmtxEncodeSetProp(enc.get(), DmtxPropSizeRequest, DmtxSymbolSquareAuto);
    dmtxEncodeSetProp(enc.get(), DmtxPropFnc1, 0x1D);
    std::string data = "\x1d" + std::string(element_string);
    if (dmtxEncodeDataMatrix(enc.get(), static_cast<int>(data.size()), reinterpret_cast<unsigned char*>(data.data())) !=
        DmtxPass) {
        return InvalidArgument("data", "datamatrix.data", "The data does not fit in a DataMatrix symbol.");
    }
    DmtxImage* image = enc->image;
    const int width = dmtxImageGetProp(image, DmtxPropWidth);
    const int height = dmtxImageGetProp(image, DmtxPropHeight);
    if (width != height || width <= 0) {
        return MakeError(ErrorCode::kInternal, "datamatrix", "datamatrix.render", "libdmtx drew no square symbol.");
    }
    Symbol out;
    out.size = width;
    out.dark.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            int value = 0;
            // libdmtx's image rows run bottom-up.
            dmtxImageGetPixelValue(image, x, height - 1 - y, 0, &value);
            out.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)] =
                value < 128;
        }
    }
    return out;
}

}  // namespace txng::codes
