<?xml version="1.0" encoding="UTF-8"?>
<!--
  The printed source a TEI document edits, read once from its header: series and subseries,
  the volume (title, label, number), the volume's editors, and the imprint. The seed's
  biblStruct is read first, then the FRUS titleStmt conventions (title/@type series,
  sub-series or subseries, volume-number, volume), then the publicationStmt.
  Site metadata and citations both read it from here.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:editio="urn:editio"
  exclude-result-prefixes="#all">

  <xsl:function name="editio:source" as="map(xs:string, item()*)">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="header" select="root($root)/tei:TEI/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="title-stmt" select="$header/tei:titleStmt"/>
    <xsl:variable name="bibl" select="$header/tei:sourceDesc/tei:biblStruct[1]"/>
    <xsl:variable name="monogr" select="$bibl/tei:monogr"/>
    <xsl:variable name="label" select="($monogr/tei:biblScope[@unit = 'volume'], $title-stmt/tei:title[@type = 'volume-number'])[1]"/>
    <!-- The volume's own editors (elements, so that persName parts can be read):  a series' general editor is not cited (history.state.gov's guidance). -->
    <xsl:variable name="editors" select="(if ($monogr/tei:editor) then $monogr/tei:editor else $title-stmt/tei:editor)[not(@role = 'general')]"/>
    <xsl:sequence select="map {
      'series': editio:clean(($bibl/tei:series/tei:title, $title-stmt/tei:title[@type = 'series'])[1]),
      'subseries': editio:clean(($bibl/tei:series/tei:biblScope[@unit = 'volume'], $title-stmt/tei:title[@type = ('sub-series', 'subseries')])[1]),
      'volumeTitle': editio:clean(($monogr/tei:title[@level = 'm'], $title-stmt/tei:title[@type = 'volume'])[1]),
      'volumeLabel': editio:clean($label),
      'volume': editio:volume-number($label),
      'editors': $editors,
      'publisher': editio:clean(($monogr/tei:imprint/tei:publisher, $header/tei:publicationStmt/tei:publisher)[1]),
      'place': editio:clean(($monogr/tei:imprint/tei:pubPlace, $header/tei:publicationStmt/tei:pubPlace)[1]),
      'date': editio:clean(($monogr/tei:imprint/tei:date/(@when, .)[1], $header/tei:publicationStmt/tei:date/(@when, .)[1])[1])
    }"/>
  </xsl:function>

  <!-- A header value as one line, without the separator a catalogue record leaves at its end ("Chapel Hill,"). -->
  <xsl:function name="editio:clean" as="xs:string">
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="replace(normalize-space(string($value)), '\s*[,;:]$', '')"/>
  </xsl:function>

  <!-- "Volume VII", "vol. 7", n="7": the volume as a number. -->
  <xsl:function name="editio:volume-number" as="xs:integer?">
    <xsl:param name="label" as="element()?"/>
    <xsl:variable name="token" select="(($label/@n, tokenize(normalize-space($label), ' '))[matches(., '^([0-9]+|[IVXLCivxlc]+)$')])[last()]"/>
    <xsl:sequence select="if (empty($token)) then () else if ($token castable as xs:integer) then xs:integer($token) else editio:roman(upper-case($token))"/>
  </xsl:function>

  <xsl:function name="editio:roman" as="xs:integer">
    <xsl:param name="numeral" as="xs:string"/>
    <xsl:variable name="values" select="string-to-codepoints($numeral) ! map { 73: 1, 86: 5, 88: 10, 76: 50, 67: 100 }(.)"/>
    <xsl:sequence select="sum(for $i in 1 to count($values) return
      if ($i lt count($values) and $values[$i] lt $values[$i + 1]) then -$values[$i] else $values[$i])"/>
  </xsl:function>
</xsl:stylesheet>
