<?xml version="1.0" encoding="UTF-8"?>
<!--
  What a document gives the site's registers, chronology and archival files, as JSON: the
  authority records it mentions, and for each page (citable unit) the names, dates and decimal
  file numbers on it, each with the anchor html.xsl gives it (common/anchors.xsl) and the
  printed page it stands on. TypeScript gathers these over the whole edition and lays out the
  pages; here only the structure is decided. JSON is built with xml-to-json() for a stable key order.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:editio="urn:editio"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  exclude-result-prefixes="#all">

  <xsl:import href="common/functions.xsl"/>
  <xsl:import href="common/json.xsl"/>
  <xsl:import href="common/anchors.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode use-accumulators="#all"/>

  <!-- How much text either side of a date is handed on, to find its sentence in. -->
  <xsl:variable name="editio:context-length" select="1200"/>

  <xsl:template name="editio:site">
    <xsl:variable name="text" select="/tei:TEI/tei:text"/>
    <!-- One walk of the text (a union of seven paths walked it seven times). -->
    <xsl:variable name="marked" select="$text//*[self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:rs or self::tei:name or self::tei:date or self::tei:idno]
      [editio:is-anchored(.)][editio:is-shown(.)][editio:is-rendered(.)]"/>
    <xsl:variable name="json" as="element(j:map)">
      <j:map>
        <j:array key="records">
          <xsl:sequence select="editio:mentioned($text, false()) ! editio:record(.)"/>
        </j:array>
        <j:array key="units">
          <xsl:for-each-group select="$marked" group-by="editio:page-name((editio:unit-of(.), $text)[1])">
            <j:map>
              <j:string key="file"><xsl:value-of select="current-grouping-key()"/></j:string>
              <j:array key="mentions"><xsl:sequence select="current-group()[not(self::tei:date or self::tei:idno)] ! editio:mention(.)"/></j:array>
              <j:array key="events"><xsl:sequence select="current-group()[self::tei:date] ! editio:event(.)"/></j:array>
              <j:array key="files"><xsl:sequence select="current-group()[self::tei:idno] ! editio:file(.)"/></j:array>
            </j:map>
          </xsl:for-each-group>
        </j:array>
      </j:map>
    </xsl:variable>
    <xsl:value-of select="xml-to-json($json)"/>
  </xsl:template>

  <!-- An authority record: its names, life, roles with their dates, identifier links and note. -->
  <xsl:function name="editio:record" as="element(j:map)">
    <xsl:param name="record" as="element()"/>
    <j:map>
      <j:string key="id"><xsl:value-of select="$record/@xml:id"/></j:string>
      <j:string key="kind"><xsl:value-of select="editio:record-kind($record)"/></j:string>
      <j:string key="name"><xsl:value-of select="editio:record-name($record)"/></j:string>
      <xsl:sequence select="editio:field('sort', ($record/tei:persName[1]/tei:surname[1], editio:record-name($record))[1])"/>
      <xsl:sequence select="editio:field('born', $record/tei:birth[1]/@when)"/>
      <xsl:sequence select="editio:field('died', $record/tei:death[1]/@when)"/>
      <j:array key="roles">
        <xsl:for-each select="$record/tei:occupation">
          <j:map>
            <j:string key="text"><xsl:value-of select="normalize-space(.)"/></j:string>
            <xsl:for-each select="@when, @notBefore, @notAfter, @from, @to">
              <xsl:sequence select="editio:field(local-name(), .)"/>
            </xsl:for-each>
          </j:map>
        </xsl:for-each>
        <!-- A FRUS persons list gives the roles after the name in the same item ("Aaron, David, Deputy National Security Advisor …"). -->
        <xsl:for-each select="$record[self::tei:persName]/ancestor::tei:item[1]">
          <xsl:variable name="after" select="normalize-space(replace(string-join(.//text()[. >> $record][empty(ancestor::* intersect $record)], ''), '^[\s,;:]+', ''))"/>
          <xsl:if test="$after"><j:map><j:string key="text"><xsl:value-of select="$after"/></j:string></j:map></xsl:if>
        </xsl:for-each>
      </j:array>
      <j:array key="links">
        <xsl:for-each select="editio:record-links($record)"><j:string><xsl:value-of select="."/></j:string></xsl:for-each>
      </j:array>
      <xsl:sequence select="editio:field('note', string-join($record/tei:note, ' '))"/>
    </j:map>
  </xsl:function>

  <!-- A name on the page: which record, where, and as printed; for a person, the office printed before it ("Soviet Ambassador (Gromyko)"). -->
  <xsl:function name="editio:mention" as="element(j:map)">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="between" select="$name/preceding-sibling::node()[1]"/>
    <xsl:variable name="role" select="$name/preceding-sibling::node()[2][self::tei:roleName][$between instance of text() and matches($between, '^\s*\(\s*$')]"/>
    <j:map>
      <j:string key="record"><xsl:value-of select="editio:records($name)[1]/@xml:id"/></j:string>
      <j:string key="anchor"><xsl:value-of select="editio:anchor($name)"/></j:string>
      <xsl:sequence select="editio:field('page', editio:page-number($name))"/>
      <j:string key="form"><xsl:value-of select="editio:printed($name)"/></j:string>
      <xsl:sequence select="editio:field('role', $role ! editio:printed(.))"/>
    </j:map>
  </xsl:function>

  <!-- A dated event: its date as encoded and as printed, and the text around it, to find its sentence in. -->
  <xsl:function name="editio:event" as="element(j:map)">
    <xsl:param name="date" as="element(tei:date)"/>
    <xsl:variable name="block" select="$date/ancestor::*[self::tei:p or self::tei:ab or self::tei:head or self::tei:item or self::tei:cell or self::tei:l
      or self::tei:note or self::tei:quote[@rend = 'block'] or self::tei:dateline or self::tei:docDate or self::tei:signed][1]"/>
    <xsl:variable name="texts" select="($block//text()[editio:is-shown(.)][empty(ancestor::tei:note[. >> $block][editio:is-footnote(.)])]) except $date//text()"/>
    <j:map>
      <j:string key="anchor"><xsl:value-of select="editio:anchor($date)"/></j:string>
      <xsl:sequence select="editio:field('page', editio:page-number($date))"/>
      <xsl:for-each select="$date/(@when, @notBefore, @notAfter, @from, @to)">
        <xsl:sequence select="editio:field(local-name(), .)"/>
      </xsl:for-each>
      <j:string key="printed"><xsl:value-of select="editio:printed($date)"/></j:string>
      <xsl:variable name="before" select="string-join($texts[. &lt;&lt; $date], '')"/>
      <xsl:variable name="after" select="string-join($texts[. >> $date], '')"/>
      <j:string key="before"><xsl:value-of select="substring($before, string-length($before) - $editio:context-length + 1)"/></j:string>
      <j:string key="after"><xsl:value-of select="substring($after, 1, $editio:context-length)"/></j:string>
    </j:map>
  </xsl:function>

  <!-- A decimal file number: in full (@n where print abbreviates) and as printed. -->
  <xsl:function name="editio:file" as="element(j:map)">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <j:map>
      <j:string key="anchor"><xsl:value-of select="editio:anchor($idno)"/></j:string>
      <xsl:sequence select="editio:field('page', editio:page-number($idno))"/>
      <j:string key="number"><xsl:value-of select="editio:file-key($idno)"/></j:string>
      <j:string key="printed"><xsl:value-of select="editio:printed($idno)"/></j:string>
    </j:map>
  </xsl:function>

  <!-- Whether html.xsl puts an element on the page at all: not in what it leaves out, nor in a choice's reading not shown. -->
  <xsl:function name="editio:is-rendered" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="empty($element/ancestor::*[self::tei:fw or self::tei:figDesc or self::tei:desc or self::tei:interpGrp or self::tei:index or self::tei:facsimile])
      and (every $alternative in $element/ancestor::*[parent::tei:choice] satisfies
        ($alternative is editio:reading($alternative/..) or editio:is-correction($alternative/..)))"/>
  </xsl:function>

  <!-- The words of an element as the reader sees them: shown readings, without its footnotes. -->
  <xsl:function name="editio:printed" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($element//text()[editio:is-shown(.)][empty(ancestor::tei:note[. >> $element])], ''))"/>
  </xsl:function>
</xsl:stylesheet>
