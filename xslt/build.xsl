<?xml version="1.0" encoding="UTF-8"?>
<!--
  Everything a build makes of a document, or of a part of a volume, in one run:
  - the body of each page in HTML and its text edition, as html.xsl and text.xsl make them
    (one xsl:result-document each: "{page}.html", and "{page}.txt" with the apparatus);
  - as the principal result, one JSON object: {"metadata": …, "citations": …, "site": …}, as
    metadata.xsl, citation.xsl and site.xsl make them.
  One run instead of five: saxon-js builds every key and accumulator anew in each run, with a
  walk of the whole tree each (some 20 to 50 ms on a part of half a megabyte), and the pages,
  the metadata and the citations ask for the same ones. The stylesheets it imports stay whole
  for `render` and `cite`, which need one output each.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:editio="urn:editio"
  exclude-result-prefixes="#all">

  <xsl:import href="metadata.xsl"/>
  <xsl:import href="citation.xsl"/>
  <xsl:import href="site.xsl"/>
  <xsl:import href="text.xsl"/>
  <xsl:import href="html.xsl"/>

  <xsl:output name="editio:html" method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:output name="editio:text" method="text" encoding="UTF-8"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <!-- The unnamed mode is html.xsl's. -->
  <xsl:mode use-accumulators="#all" on-no-match="shallow-skip"/>

  <xsl:template name="editio:build">
    <xsl:for-each select="editio:scopes(.)">
      <xsl:result-document href="{editio:page-name(.)}.html" format="editio:html">
        <xsl:call-template name="editio:page"><xsl:with-param name="scope" select="."/></xsl:call-template>
      </xsl:result-document>
      <xsl:result-document href="{editio:page-name(.)}.txt" format="editio:text">
        <xsl:value-of select="editio:page(., true())"/>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:text>{"metadata":</xsl:text>
    <xsl:call-template name="editio:metadata"/>
    <xsl:text>,"citations":</xsl:text>
    <xsl:call-template name="editio:citations"/>
    <xsl:text>,"site":</xsl:text>
    <xsl:call-template name="editio:site"/>
    <xsl:text>}</xsl:text>
  </xsl:template>
</xsl:stylesheet>
