using System.Text;
using SalesMesh.Activities.Domain.StatusCards;

namespace SalesMesh.Activities.Tests.StatusCards;

public sealed class PdfSignatureTests
{
    [Fact]
    public void A_real_minimal_pdf_is_recognised()
    {
        Assert.True(PdfSignature.LooksLikePdf(SampleFiles.MinimalPdf()));
    }

    [Fact]
    public void A_pdf_whose_cross_reference_is_a_stream_is_recognised()
    {
        // PDF 1.5+ writers (most current ones) replace the "xref" table with an /XRef stream object.
        var pdf = "%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
            + "3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\n"
            + "startxref\n96\n%%EOF\n";

        Assert.True(PdfSignature.LooksLikePdf(Encoding.Latin1.GetBytes(pdf)));
    }

    [Fact]
    public void A_png_is_not_a_pdf_whatever_its_name()
    {
        Assert.False(PdfSignature.LooksLikePdf(SampleFiles.TinyPng()));
    }

    [Theory]
    [InlineData("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")] // truncated upload: no trailer
    [InlineData("hello %PDF-1.4 ... %%EOF")] // header not at the start
    [InlineData("%PDF-x.y\n%%EOF")] // not a version
    [InlineData("")]
    public void Truncated_or_fake_content_is_rejected(string content)
    {
        Assert.False(PdfSignature.LooksLikePdf(Encoding.ASCII.GetBytes(content)));
    }

    [Theory]
    [InlineData("%PDF-1.4\n需求确认书 — 这里只是普通文本，不是 PDF\n%%EOF\n")] // junk between header and trailer
    [InlineData("%PDF-1.4\nno objects here\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< >>\nstartxref\n9\n%%EOF\n")] // no object
    [InlineData("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nxref\n0 1\n0000000000 65535 f \nstartxref\n9\n%%EOF\n")] // object never closed
    [InlineData("%PDF-1.4\nendobj 1 0 obj\n<< >>\nxref\nstartxref\n9\n%%EOF\n")] // "endobj" only before the object
    [InlineData("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n9\n%%EOF\n")] // no cross-reference table or stream
    [InlineData("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 1\n0000000000 65535 f \n%%EOF\n")] // no startxref
    [InlineData("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 1\n0000000000 65535 f \nstartxref\n%%EOF\n")] // startxref without its offset
    [InlineData("%PDF-1.4\n1 0 obj\n<< >>\nendobj\nthe startxref 12 %%EOF is in a sentence: startxrefs\n%%EOF\n")] // keywords as text only
    public void Header_and_trailer_around_something_that_is_not_a_pdf_are_refused(string content)
    {
        Assert.False(PdfSignature.LooksLikePdf(Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public void Trailing_newlines_and_padding_after_eof_are_tolerated()
    {
        var pdf = SampleFiles.MinimalPdf().Concat(Encoding.ASCII.GetBytes("\r\n\0\0  \n")).ToArray();

        Assert.True(PdfSignature.LooksLikePdf(pdf));
    }

    [Fact]
    public void The_check_does_not_rely_on_a_particular_line_ending()
    {
        var pdf = Encoding.ASCII.GetString(SampleFiles.MinimalPdf()).Replace("\n", "\r\n");

        Assert.True(PdfSignature.LooksLikePdf(Encoding.ASCII.GetBytes(pdf)));
    }
}
